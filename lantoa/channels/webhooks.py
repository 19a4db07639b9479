"""Webhook endpoints, one per platform, each with the platform's own verification.

- `GET/POST /webhooks/facebook/`: Meta's `hub.challenge` handshake (verify token
  from LANTOA_FACEBOOK_VERIFY_TOKEN or a Page's credentials), then notifications
  signed `X-Hub-Signature-256` with the app secret. One URL serves every Page of
  the app, so the Page is found from the notification's `entry[].id`.
- `POST /webhooks/zalo/<account>/`: `X-ZEvent-Signature` (OA secret key).
- `POST /webhooks/viber/<account>/`: `X-Viber-Content-Signature` (channel token).
- `POST /webhooks/telegram/<account>/`: `X-Telegram-Bot-Api-Secret-Token`.

A request with a bad signature gets 403 and is logged; it is kept as evidence
(signature_valid=False, body cut short) and never processed. So does a correctly
signed one whose signed timestamp lies outside the platform's freshness window
(Zalo, Viber, Facebook: `services.inbound.webhook_stale`): a replayed capture. A good one is
stored raw and answered 200 at once (Zalo retries after 2 s); a task turns it
into inbound messages. Bodies above LANTOA_WEBHOOK_MAX_BYTES get 413, clients
over LANTOA_WEBHOOK_RATE get 429. No CSRF: platforms sign instead.
"""

import hmac
import logging
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import Platform
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.inbound import (
    KEPT_HEADERS,
    inbound_event_record,
    webhook_rate_limited,
    webhook_stale,
)
from lantoa.core.crypto import SecretUnreadable
from lantoa.core.ratelimit import client_address

logger = logging.getLogger(__name__)


def _refuse_early(request: HttpRequest) -> HttpResponse | None:
    if webhook_rate_limited(client_address(request)):
        return HttpResponse("Too Many Requests", status=429, content_type="text/plain")
    limit = int(settings.LANTOA_WEBHOOK_MAX_BYTES)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return HttpResponse("Request Entity Too Large", status=413, content_type="text/plain")
    return None


def _headers(request: HttpRequest) -> dict[str, str]:
    kept = {name: request.headers[name] for name in KEPT_HEADERS if name in request.headers}
    kept["Remote-Addr"] = client_address(request)
    return kept


def _answer(
    request: HttpRequest, platform: str, account: ChannelAccount | None, body: bytes, valid: bool
) -> HttpResponse:
    stale = webhook_stale(platform, request.headers, body) if valid else ""
    inbound_event_record(
        platform=platform,
        account=account,
        headers=_headers(request),
        body=body,
        signature_valid=valid,
        refused_because=stale,
    )
    if not valid or stale:
        logger.warning(
            "webhook %s: %s from %s (account %s), refused",
            platform,
            "stale timestamp" if stale else "bad signature",
            client_address(request),
            account.pk if account else "-",
        )
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")


def _verified(
    platform: str, account: ChannelAccount | None, request: HttpRequest, body: bytes
) -> bool:
    try:
        view = account_view(account) if account is not None else None
    except SecretUnreadable:
        logger.error("webhook %s: credentials of account %s unreadable", platform, account)
        return False
    return adapter_for(platform).verify_webhook(view, request.headers, body)


def _per_account(request: HttpRequest, platform: str, public_id: uuid.UUID) -> HttpResponse:
    refused = _refuse_early(request)
    if refused is not None:
        return refused
    account = ChannelAccount.objects.filter(public_id=public_id, platform=platform).first()
    if account is None:
        return HttpResponse("Not Found", status=404, content_type="text/plain")
    body = request.body
    return _answer(request, platform, account, body, _verified(platform, account, request, body))


@csrf_exempt
@require_POST
def zalo(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _per_account(request, Platform.ZALO_OA, public_id)


@csrf_exempt
@require_POST
def viber(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _per_account(request, Platform.VIBER_CHANNEL, public_id)


@csrf_exempt
@require_POST
def telegram(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _per_account(request, Platform.TELEGRAM_CHANNEL, public_id)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def facebook(request: HttpRequest) -> HttpResponse:
    refused = _refuse_early(request)
    if refused is not None:
        return refused
    if request.method == "GET":
        return _facebook_handshake(request)
    body = request.body
    adapter = adapter_for(Platform.FACEBOOK_PAGE)
    page_ids = adapter.webhook_page_ids(body) if isinstance(adapter, FacebookAdapter) else []
    accounts = list(
        ChannelAccount.objects.filter(platform=Platform.FACEBOOK_PAGE, external_id__in=page_ids)
    )
    # The app secret is the app's, not the Page's: any known Page's secret (or the
    # one in settings) that matches proves the notification came from Meta.
    valid = any(_verified(Platform.FACEBOOK_PAGE, a, request, body) for a in accounts) or _verified(
        Platform.FACEBOOK_PAGE, None, request, body
    )
    account = accounts[0] if len(accounts) == 1 and len(page_ids) == 1 else None
    return _answer(request, Platform.FACEBOOK_PAGE, account, body, valid)


def _facebook_handshake(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("hub.mode", "")
    given = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if mode != "subscribe" or not given or not challenge or len(challenge) > 128:
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    if not any(hmac.compare_digest(given, token) for token in _facebook_verify_tokens()):
        logger.warning("webhook facebook: wrong verify token from %s", client_address(request))
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    return HttpResponse(challenge, content_type="text/plain")


def _facebook_verify_tokens() -> Iterator[str]:
    """The app's verify token, then any a Page was connected with (read lazily: the
    handshake is rare, and the settings token usually answers it)."""
    if settings.LANTOA_FACEBOOK_VERIFY_TOKEN:
        yield str(settings.LANTOA_FACEBOOK_VERIFY_TOKEN)
    for account in ChannelAccount.objects.filter(platform=Platform.FACEBOOK_PAGE).iterator():
        try:
            token = str(account_view(account).credentials.get("verify_token") or "")
        except SecretUnreadable:
            continue
        if token:
            yield token
