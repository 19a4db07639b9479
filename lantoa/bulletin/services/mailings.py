"""One-off mailings for other apps (a press release to journalists), sent by
the bulletin's machinery: every address written as a pending row first, then
lanes that claim a batch and commit before the SMTP session, settle after it,
and a sweep that puts back what a dead worker left (the same steps as an
issue, docs/subsystems/bulletin-sending.md). Suppressed addresses (bounces,
complaints) are skipped. `mailing_send` is idempotent by `source`."""

import logging
import smtplib
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.bulletin.actors import SENDER
from lantoa.bulletin.choices import BulletinAction, DeliveryState, IssueState
from lantoa.bulletin.models import Mailing, MailingDelivery, Suppression
from lantoa.bulletin.services.email import _mailbox
from lantoa.bulletin.services.sending import (
    LANE_BUDGET_SECONDS,
    STALE_SECONDS,
    _backend,
    _enqueue,
    _is_permanent,
    _setting,
)
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.mail import FoldedSubjectEmail
from lantoa.org.public import OrgUnit

logger = logging.getLogger(__name__)

UNSUBSCRIBE = "[[unsubscribe_url]]"


@dataclass(frozen=True)
class MailRecipient:
    email: str
    name: str = ""
    unsubscribe_url: str = ""


@dataclass(frozen=True)
class MailingProgress:
    state: str
    total: int
    sent: int
    failed: int
    pending: int
    sent_at: object = None


def message_id_for(mailing: Mailing, email: str) -> str:
    return f"<{uuid.uuid5(mailing.public_id, email.lower()).hex}@lantoa.mailing>"


def mailing_send(
    *,
    actor: Actor,
    unit: OrgUnit,
    source: str,
    subject: str,
    text: str,
    html: str = "",
    recipients: Sequence[MailRecipient],
    from_name: str = "",
    reply_to: str = "",
) -> Mailing:
    """Send `subject` to `recipients` once each (the caller checked its own
    rights and consent). `[[unsubscribe_url]]` in the bodies becomes each
    recipient's link. Asking again with the same `source` sends nothing more."""
    if not recipients:
        raise InvalidInput("Không có người nhận.")
    with transaction.atomic():
        mailing, created = Mailing.objects.get_or_create(
            source=source,
            defaults={
                "unit": unit,
                "subject": subject,
                "text": text,
                "html": html,
                "from_name": from_name,
                "reply_to": reply_to,
                "heartbeat_at": timezone.now(),
            },
        )
        if not created:
            return mailing
        suppressed = set(
            Suppression.objects.filter(
                email__in=[r.email.strip().lower() for r in recipients]
            ).values_list("email", flat=True)
        )
        MailingDelivery.objects.bulk_create(
            [
                MailingDelivery(
                    mailing=mailing,
                    email=r.email.strip().lower(),
                    name=r.name,
                    unsubscribe_url=r.unsubscribe_url,
                )
                for r in recipients
                if r.email.strip().lower() not in suppressed
            ],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action=BulletinAction.MAILING_SEND,
            target=mailing,
            unit_path=unit.path,
            data={"source": source, "recipients": len(recipients), "suppressed": len(suppressed)},
        )
        _enqueue("mailing_send_lane_task", mailing_id=mailing.pk)
    return mailing


def _claim(mailing_id: int, size: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            MailingDelivery.objects.select_for_update(skip_locked=True)
            .filter(mailing_id=mailing_id, state=DeliveryState.PENDING)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        if ids:
            MailingDelivery.objects.filter(id__in=ids).update(
                state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=now)
    return ids


def _message(mailing: Mailing, row: MailingDelivery) -> FoldedSubjectEmail:
    from django.conf import settings

    sender = settings.DEFAULT_FROM_EMAIL
    if mailing.from_name:
        sender = _mailbox(mailing.from_name, sender.rsplit("<", 1)[-1].rstrip(">").strip())
    headers = {"Message-ID": message_id_for(mailing, row.email), "Auto-Submitted": "auto-generated"}
    if row.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
    message = FoldedSubjectEmail(
        subject=mailing.subject,
        body=mailing.text.replace(UNSUBSCRIBE, row.unsubscribe_url),
        from_email=sender,
        to=[_mailbox(row.name, row.email)],
        reply_to=[mailing.reply_to] if mailing.reply_to else None,
        headers=headers,
    )
    if mailing.html:
        message.attach_alternative(
            mailing.html.replace(UNSUBSCRIBE, row.unsubscribe_url), "text/html"
        )
    return message


def mailing_send_batch(*, mailing: Mailing, size: int | None = None) -> int:
    """Claim and send one batch over one SMTP connection; returns how many
    were claimed (0: nothing left to send)."""
    size = size or int(_setting("LANTOA_BULLETIN_BATCH_SIZE", 100))
    ids = _claim(mailing.pk, size)
    if not ids:
        return 0
    rows = list(MailingDelivery.objects.filter(id__in=ids).order_by("id"))
    sent: list[int] = []
    failed: dict[int, str] = {}
    connection = get_connection(_backend(), fail_silently=False)
    try:
        connection.open()
        for row in rows:
            message = _message(mailing, row)
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                if _is_permanent(exc):
                    failed[row.pk] = str(exc)[:500]
                    continue
                raise
            sent.append(row.pk)
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("mailing: SMTP error after %d of %d messages: %s", len(sent), len(rows), exc)
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.debug("mailing: closing a broken SMTP connection failed")
    now = timezone.now()
    with transaction.atomic():
        MailingDelivery.objects.filter(id__in=sent).update(
            state=DeliveryState.SENT, sent_at=now, error=""
        )
        for pk, error in failed.items():
            MailingDelivery.objects.filter(id=pk).update(state=DeliveryState.FAILED, error=error)
        MailingDelivery.objects.filter(id__in=ids).exclude(id__in=[*sent, *failed]).update(
            state=DeliveryState.PENDING
        )
        Mailing.objects.filter(pk=mailing.pk).update(heartbeat_at=now)
    if len(sent) + len(failed) < len(ids):
        time.sleep(1.0)  # the SMTP server is unwell: let it breathe
    return len(ids)


def mailing_send_lane(*, mailing_id: int, budget_seconds: float = LANE_BUDGET_SECONDS) -> int:
    """Send batches until none is left (then finish) or the budget is spent
    (then enqueue the next lane)."""
    mailing = Mailing.objects.filter(pk=mailing_id, state=IssueState.SENDING).first()
    if mailing is None:
        return 0
    started = time.monotonic()
    total = 0
    while True:
        claimed = mailing_send_batch(mailing=mailing)
        total += claimed
        if claimed == 0:
            mailing_finish_if_done(mailing_id=mailing_id)
            return total
        if time.monotonic() - started > budget_seconds:
            _enqueue("mailing_send_lane_task", mailing_id=mailing_id)
            return total


def mailing_finish_if_done(*, mailing_id: int) -> bool:
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().select_related("unit").get(pk=mailing_id)
        if mailing.state != IssueState.SENDING:
            return False
        if mailing.deliveries.filter(
            state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
        ).exists():
            return False
        mailing.state = IssueState.SENT
        mailing.sent_at = timezone.now()
        mailing.save(update_fields=["state", "sent_at"])
        audit_record(
            actor=SENDER,
            action=BulletinAction.MAILING_SENT,
            target=mailing,
            unit_path=mailing.unit.path,
            data={"source": mailing.source},
        )
    return True


def mailings_send_recover(*, older_than_seconds: int = STALE_SECONDS) -> int:
    """Put back rows a dead worker claimed and restart their mailings' lanes."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    returned = 0
    stalled = Mailing.objects.filter(state=IssueState.SENDING, heartbeat_at__lte=cutoff)
    for mailing_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            returned += MailingDelivery.objects.filter(
                mailing_id=mailing_id, state=DeliveryState.SENDING, claimed_at__lte=cutoff
            ).update(state=DeliveryState.PENDING)
            Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=timezone.now())
            _enqueue("mailing_send_lane_task", mailing_id=mailing_id)
    return returned


def mailing_progress(*, source: str) -> MailingProgress | None:
    """Where the mailing of `source` stands (None: never asked for)."""
    mailing = Mailing.objects.filter(source=source).first()
    if mailing is None:
        return None
    counts = dict.fromkeys(DeliveryState.values, 0)
    for state in mailing.deliveries.values_list("state", flat=True):
        counts[state] += 1
    return MailingProgress(
        state=mailing.state,
        total=sum(counts.values()),
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        pending=counts[DeliveryState.PENDING] + counts[DeliveryState.SENDING],
        sent_at=mailing.sent_at,
    )
