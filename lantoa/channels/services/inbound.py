"""Webhooks in: store each request raw, then turn good ones into inbound messages.

The order matters (issue 4 §6): a request is verified, stored as it arrived, and
only then processed by a task, so a bug in processing never loses an event and a
reprocessing never duplicates a message (unique platform + external id).

People who write to a union's channels are workers: their platform ids are
personal data (Decree 13/2023/NĐ-CP). Messages keep only `author_ref`, an HMAC
of the id with SECRET_KEY (the same person stays recognisable across messages),
and raw bodies, which do contain ids, are purged after
LANTOA_INBOUND_RAW_RETENTION_DAYS.
"""

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lantoa.channels.adapters.base import ChannelError, InboundComment
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import Platform
from lantoa.channels.models import ChannelAccount, Delivery, InboundEvent, InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.ratelimit import rate_limited
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

AnyUser = AbstractBaseUser | AnonymousUser

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


def author_ref(platform: str, platform_user_id: str) -> str:
    """A stable pseudonym for a platform user; empty when the platform gave no id."""
    if not platform_user_id:
        return ""
    digest = salted_hmac(
        "lantoa.channels.author_ref", f"{platform}:{platform_user_id}", algorithm="sha256"
    )
    return digest.hexdigest()[:32]


def webhook_rate_limited(client_key: str) -> bool:
    """Count one request for `client_key`; True once over LANTOA_WEBHOOK_RATE ("count/seconds").

    Generous on purpose: a platform sends all its notifications from few addresses."""
    return rate_limited("channels-webhook", client_key, str(settings.LANTOA_WEBHOOK_RATE))


def inbound_event_record(
    *,
    platform: str,
    account: ChannelAccount | None,
    headers: Mapping[str, str],
    body: bytes,
    signature_valid: bool,
) -> InboundEvent:
    """Store a webhook request; a valid one is queued for processing after commit."""
    text = body.decode("utf-8", errors="replace")
    if not signature_valid:
        text = text[:FORGED_BODY_KEPT_CHARS]  # evidence, not a place to store junk
    event = InboundEvent.objects.create(
        platform=platform,
        account=account,
        headers={k: str(headers[k])[:500] for k in KEPT_HEADERS if headers.get(k)},
        body=text,
        signature_valid=signature_valid,
    )
    if signature_valid:
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
    return f"{str(settings.WAGTAILADMIN_BASE_URL).rstrip('/')}{path}"


def account_webhook_register(*, actor: AnyUser | None, account: ChannelAccount) -> bool:
    """Tell the platform where to send this channel's events, where its API allows it
    (Viber: `set_webhook`, required before the first post; Facebook: subscribe the
    app to the Page's feed). Zalo's is set in the app's dashboard. Returns whether a
    call was made; a refusal raises InvalidInput with the platform's message."""
    if actor is not None and not user_can(actor, Perm.CONTENT_EDIT, account.unit):
        raise PermissionDenied()
    adapter = adapter_for(account.platform)
    register = getattr(adapter, "register_webhook", None)
    if register is None:
        return False
    url = webhook_url(account)
    try:
        register(account_view(account), url)
    except ChannelError as exc:
        raise InvalidInput(f"Nền tảng không nhận địa chỉ webhook: {exc.message}") from exc
    audit_record(
        actor=actor,
        action="channels.account_webhook",
        target=account,
        unit_path=account.unit.path,
        data={"url": url},
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
    InboundMessage.objects.update_or_create(
        platform=event.platform,
        external_id=item.external_id[:255],
        defaults={
            "account": account,
            "delivery": delivery,
            "event": event,
            "kind": _kind(item),
            "author_ref": author_ref(event.platform, item.author_ref),
            "author_name": item.author_name[:255],
            "text": item.text,
            "created_at": created_at,
            "parent_external_id": item.parent_external_id[:255],
            "is_hidden": item.is_hidden,
        },
    )


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


def inbound_events_purge(*, older_than_days: int | None = None) -> int:
    """Delete raw events past the retention period (messages stay). Returns the count."""
    days = older_than_days
    if days is None:
        days = int(settings.LANTOA_INBOUND_RAW_RETENTION_DAYS)
    cutoff = timezone.now() - timedelta(days=days)
    stale = InboundEvent.objects.filter(received_at__lt=cutoff).exclude(
        signature_valid=True, processed_at__isnull=True
    )
    deleted, _ = stale.delete()
    return deleted
