"""Webhooks in: store each request raw, then turn good ones into inbound messages.

The order matters: a request is verified, stored as it arrived, and
only then processed by a task, so a bug in processing never loses an event and a
reprocessing never duplicates a message (unique platform + external id).

People who write to a union's channels are workers: their platform ids are
personal data (Decree 13/2023/NĐ-CP). Messages keep only `author_ref`, an HMAC
of the id with SECRET_KEY (the same person stays recognisable across messages),
and raw bodies, which do contain ids, are purged after
LANTOA_INBOUND_RAW_RETENTION_DAYS.
"""

import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.adapters.base import Account, ChannelError, InboundComment
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import ChannelAction, Platform
from lantoa.channels.events import (
    INBOUND_MESSAGE_EDITED,
    INBOUND_MESSAGE_REMOVED,
    INBOUND_MESSAGE_STORED,
    inbound_message_key,
)
from lantoa.channels.models import ChannelAccount, Delivery, InboundEvent, InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.core import events
from lantoa.core.actors import Actor, require_actor
from lantoa.core.audit import audit_record
from lantoa.core.crypto import encrypt_json
from lantoa.core.dates import format_datetime_line
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.pseudonyms import platform_user_ref
from lantoa.core.public_urls import absolute_url
from lantoa.core.ratelimit import rate_limited
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

logger = logging.getLogger(__name__)

# Headers worth keeping with a raw event: how it was signed and what it claimed to be.
KEPT_HEADERS = (
    "Content-Type",
    "User-Agent",
    "X-Hub-Signature-256",
    "X-ZEvent-Signature",
    "Timestamp",
    "X-Viber-Content-Signature",
    "X-Forwarded-For",
    "Remote-Addr",  # added by the view: where the request came from
)
FORGED_BODY_KEPT_CHARS = 2000
REANNOUNCE_WINDOW = timedelta(days=1)
"""How far back the safety net looks for messages never announced."""
# How far ahead of our clock a signed timestamp may be (the platform's clock may run fast).
WEBHOOK_CLOCK_SKEW_SECONDS = 300.0


def webhook_rate_limited(client_key: str) -> bool:
    """Count one request for `client_key`; True once over LANTOA_WEBHOOK_RATE ("count/seconds").

    Generous on purpose: a platform sends all its notifications from few addresses."""
    return rate_limited("channels-webhook", client_key, str(settings.LANTOA_WEBHOOK_RATE))


def webhook_stale(
    platform: str, headers: Mapping[str, str], body: bytes, now: float | None = None
) -> str:
    """Why a correctly signed webhook request is refused for its age, or "".

    Where the platform signs a timestamp (Zalo's `timestamp`, Viber's, Facebook's
    `entry[].time`), a request signed longer ago than the adapter's
    `webhook_max_age`, or more than WEBHOOK_CLOCK_SKEW_SECONDS ahead, is a replay of
    a captured request (or a broken clock): a signature alone never expires."""
    adapter = adapter_for(platform)
    if adapter.webhook_max_age is None:
        return ""
    try:
        signed_at = adapter.webhook_signed_at(headers, body)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return "Không đọc được thời điểm ký của sự kiện: không nhận."
    if signed_at is None:
        return ""
    age = (time.time() if now is None else now) - signed_at
    if -WEBHOOK_CLOCK_SKEW_SECONDS <= age <= adapter.webhook_max_age:
        return ""
    try:
        when = format_datetime_line(datetime.fromtimestamp(signed_at, tz=UTC))
    except (OverflowError, OSError, ValueError):
        when = str(signed_at)
    if age < 0:
        return f"Sự kiện ký lúc {when}, ở tương lai so với đồng hồ máy chủ: không nhận."
    hours = adapter.webhook_max_age / 3600
    return (
        f"Sự kiện ký lúc {when}, cũ hơn {hours:g} giờ: không nhận "
        "(có thể là gửi lại một sự kiện đã bị bắt được)."
    )


def inbound_event_record(
    *,
    platform: str,
    account: ChannelAccount | None,
    headers: Mapping[str, str],
    body: bytes,
    signature_valid: bool,
    refused_because: str = "",
) -> InboundEvent:
    """Store a webhook request; a valid one is queued for processing after commit.

    A request refused for another reason than its signature (`refused_because`,
    e.g. a stale timestamp) is kept cut short like a forged one, with the reason
    as its error, and marked processed so that no sweep ever processes it."""
    text = body.decode("utf-8", errors="replace")
    accepted = signature_valid and not refused_because
    if not accepted:
        text = text[:FORGED_BODY_KEPT_CHARS]  # evidence, not a place to store junk
    event = InboundEvent.objects.create(
        platform=platform,
        account=account,
        headers={k: str(headers[k])[:500] for k in KEPT_HEADERS if headers.get(k)},
        body=text,
        signature_valid=signature_valid,
        error=refused_because,
        processed_at=timezone.now() if refused_because else None,
    )
    if accepted:
        from lantoa.channels import tasks  # tasks call services; import late

        transaction.on_commit(lambda: tasks.inbound_event_process_task.enqueue(event_id=event.pk))
    return event


def webhook_url(account: ChannelAccount) -> str:
    """The public address a platform must call for this channel's events."""
    if account.platform == Platform.FACEBOOK_PAGE:
        path = reverse("channels:webhook_facebook")  # one URL for the whole app
    else:
        name = {
            Platform.ZALO_OA: "webhook_zalo",
            Platform.VIBER_CHANNEL: "webhook_viber",
            Platform.TELEGRAM_CHANNEL: "webhook_telegram",
        }[Platform(account.platform)]
        path = reverse(f"channels:{name}", kwargs={"public_id": account.public_id})
    return absolute_url(path)


def account_webhook_register(*, actor: Actor, account: ChannelAccount) -> bool:
    """Tell the platform where to send this channel's events, where its API allows it
    (Viber: `set_webhook`, required before the first post; Facebook: subscribe the
    app to the Page's feed; Telegram: `setWebhook` with the channel's secret, made
    here the first time). Zalo's is set in the app's dashboard. Returns whether a
    call was made; a refusal raises InvalidInput with the platform's message."""
    if not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    adapter = adapter_for(account.platform)
    register = getattr(adapter, "register_webhook", None)
    if register is None:
        return False
    url = webhook_url(account)
    view = account_view(account)
    key = adapter.webhook_secret_key
    if key and not view.credentials.get(key):
        view = _with_webhook_secret(account, view, key)
    try:
        register(view, url)
    except ChannelError as exc:
        raise InvalidInput(f"Nền tảng không nhận địa chỉ webhook: {exc.message}") from exc
    audit_record(
        actor=actor,
        action=ChannelAction.ACCOUNT_WEBHOOK,
        target=account,
        unit_path=account.unit.path,
        data={"url": url},
    )
    return True


def _with_webhook_secret(account: ChannelAccount, view: Account, key: str) -> Account:
    """Generate the channel's webhook secret and store it encrypted with its other
    credentials, before the platform is told (so a failed call is retried with the
    same secret). 43 characters of A-Z a-z 0-9 _ -, as Telegram allows."""
    credentials = {**view.credentials, key: secrets.token_urlsafe(32)}
    account.credentials_encrypted = encrypt_json(credentials)
    account.save(update_fields=["credentials_encrypted", "updated_at"])
    return replace(view, credentials=credentials)


def account_webhook_secret_ensure(*, actor: Actor, account: ChannelAccount) -> bool:
    """Give a channel connected before it needed one (a Telegram channel connected
    by token alone) its webhook secret and register it; run at the channel's next
    refresh. Returns whether it was missing. A platform's refusal is kept as the
    channel's last error, as on connection, and retried at the next refresh."""
    key = adapter_for(account.platform).webhook_secret_key
    if not key or account_view(account).credentials.get(key):
        return False
    try:
        account_webhook_register(actor=actor, account=account)
    except InvalidInput as exc:
        ChannelAccount.objects.filter(pk=account.pk).update(
            last_error=exc.message, last_error_at=timezone.now()
        )
    return True


def _kind(item: InboundComment) -> str:
    if item.kind in InboundMessage.Kind.values:
        return item.kind
    if not item.post_external_id:
        return InboundMessage.Kind.MESSAGE
    if item.parent_external_id and item.parent_external_id != item.post_external_id:
        return InboundMessage.Kind.REPLY
    return InboundMessage.Kind.COMMENT


def _account_for(event: InboundEvent, item: InboundComment) -> ChannelAccount | None:
    if event.account is not None:
        return event.account
    if not item.account_external_id:
        return None
    return ChannelAccount.objects.filter(
        platform=event.platform, external_id=item.account_external_id
    ).first()


def inbound_event_process(*, event_id: int) -> int:
    """Turn a stored, verified event into inbound messages. Returns how many were
    created or updated. Idempotent: a processed event is skipped, and a message is
    keyed by (platform, external id), so a platform's redelivery changes nothing."""
    with transaction.atomic():
        event = (
            InboundEvent.objects.select_for_update(of=("self",))
            .select_related("account")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.processed_at is not None or not event.signature_valid:
            return 0
        adapter = adapter_for(event.platform)
        try:
            items = adapter.parse_webhook(event.body.encode("utf-8"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # A body the platform signed but we cannot read: keep it, say why, move on.
            event.error = f"Không đọc được nội dung sự kiện: {exc!r}"[:2000]
            event.processed_at = timezone.now()
            event.save(update_fields=["error", "processed_at"])
            logger.warning("inbound event %s unreadable: %r", event.pk, exc)
            return 0
        changed = 0
        skipped = []
        for item in items:
            if not item.external_id:
                continue
            account = _account_for(event, item)
            if account is None:
                skipped.append(item.external_id)
                continue
            _store(event, account, item)
            changed += 1
        event.processed_at = timezone.now()
        event.error = f"Không rõ kênh nhận của: {', '.join(skipped)}"[:2000] if skipped else ""
        event.save(update_fields=["processed_at", "error"])
    return changed


def _store(event: InboundEvent, account: ChannelAccount, item: InboundComment) -> None:
    delivery = None
    if item.post_external_id:
        delivery = Delivery.objects.filter(
            account=account, external_id=item.post_external_id
        ).first()
    created_at = (
        datetime.fromtimestamp(item.created_at, tz=UTC) if item.created_at else event.received_at
    )
    external_id = item.external_id[:255]
    before = (
        InboundMessage.objects.select_for_update()
        .filter(platform=event.platform, external_id=external_id)
        .values_list("text", flat=True)
        .first()
    )
    message, created = InboundMessage.objects.update_or_create(
        platform=event.platform,
        external_id=external_id,
        defaults={
            "account": account,
            "delivery": delivery,
            "event": event,
            "kind": _kind(item),
            "author_ref": platform_user_ref(event.platform, item.author_ref),
            "author_name": item.author_name[:255],
            "text": item.text,
            "created_at": created_at,
            "parent_external_id": item.parent_external_id[:255],
            "is_hidden": item.is_hidden,
        },
    )
    payload = {"message_id": message.pk, "account_id": account.pk, "unit_id": account.unit_id}
    if created:
        events.announce(INBOUND_MESSAGE_STORED, key=inbound_message_key(message.pk), **payload)
    elif message.text != before:
        # Hidden by the Page, or the same change delivered twice: nothing to tell.
        edit = INBOUND_MESSAGE_EDITED if message.text.strip() else INBOUND_MESSAGE_REMOVED
        verb = "edited" if edit is INBOUND_MESSAGE_EDITED else "removed"
        key = f"{inbound_message_key(message.pk)}:{verb}:{event.pk}"
        events.announce(edit, key=key, **payload)


def inbound_messages_reannounce(*, actor: Actor, window: timedelta = REANNOUNCE_WINDOW) -> int:
    """The safety net of `channels.inbound_message_stored`: announce the
    messages received within `window` that were never announced (stored by a
    path that does not announce, or before the event existed). Those already
    announced are skipped in one query. Returns how many were announced now."""
    require_actor(actor)
    since = timezone.now() - window
    rows = {
        inbound_message_key(pk): {"message_id": pk, "account_id": account_id, "unit_id": unit_id}
        for pk, account_id, unit_id in InboundMessage.objects.filter(received_at__gte=since)
        .order_by("pk")
        .values_list("pk", "account_id", "account__unit_id")
    }
    return events.reannounce(INBOUND_MESSAGE_STORED, rows)


def inbound_events_enqueue_pending(*, older_than_seconds: float = 300.0) -> int:
    """Queue again verified events whose processing task was lost (a restarted worker)."""
    from lantoa.channels import tasks

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        InboundEvent.objects.filter(
            signature_valid=True, processed_at__isnull=True, received_at__lt=cutoff
        ).values_list("pk", flat=True)[:5000]
    )
    for event_id in ids:
        tasks.inbound_event_process_task.enqueue(event_id=event_id)
    return len(ids)


def inbound_events_purge(
    *, older_than_days: int | None = None, cutoff: datetime | None = None
) -> int:
    """Delete raw events received before `cutoff` (default: the retention
    period ago), except signed ones still waiting to be processed; messages
    stay. Returns the count. The operations retention job (`ops.retention`)
    calls it and audits it."""
    if cutoff is None:
        days = older_than_days
        if days is None:
            days = int(settings.LANTOA_INBOUND_RAW_RETENTION_DAYS)
        cutoff = timezone.now() - timedelta(days=days)
    stale = InboundEvent.objects.filter(received_at__lt=cutoff).exclude(
        signature_valid=True, processed_at__isnull=True
    )
    deleted, _ = stale.delete()
    return deleted


REDACTED = "[Đã xoá nội dung theo thời hạn lưu trữ]"


def inbound_messages_redact_before(*, cutoff: datetime) -> int:
    """Clear the text, author name and pseudonym of comments and messages
    written before `cutoff` (platform, channel, kind, dates and hidden state
    stay, so counts add up); idempotent. Returns how many. The operations
    retention job (`ops.retention`) calls it with the opinions' period and
    audits it."""
    return (
        InboundMessage.objects.filter(created_at__lt=cutoff)
        .exclude(text=REDACTED)
        .update(text=REDACTED, author_name="", author_ref="")
    )
