"""Sending an issue to every recipient exactly once (docs/subsystems/bulletin-sending.md).

1. `issue_send` (approved → sending) enqueues the preparation after commit.
2. `issue_prepare_recipients` writes one pending Delivery per address (unique
   per issue, so re-running it adds nobody twice), in keyset chunks straight
   from the org tree query; then it enqueues the sending lanes.
3. Each lane claims a batch (`SELECT … FOR UPDATE SKIP LOCKED` on
   PostgreSQL), marks it "sending" and commits *before* the SMTP session;
   sends it over one connection, throttled; then settles sent/failed rows.
4. A worker killed mid-batch leaves at most one batch "sending"; the sweep
   (`issues_send_recover`) puts those back to pending once the issue's
   heartbeat has stopped, and restarts the lanes. The in-doubt messages are
   sent again with the same Message-ID, which receivers (and our SMTP sink)
   use to drop the second copy; nobody is skipped.
"""

import logging
import smtplib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.bulletin.actors import SENDER
from lantoa.bulletin.choices import BulletinAction, DeliveryState, IssueState
from lantoa.bulletin.models import Delivery, Issue
from lantoa.bulletin.selectors import member_recipients, subscriber_recipients
from lantoa.bulletin.services.email import build_message, issue_email_template
from lantoa.bulletin.services.issues import IssueWrongState
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm

logger = logging.getLogger(__name__)

PREPARE_CHUNK = 5000
LANE_BUDGET_SECONDS = 60.0
STALE_SECONDS = 120


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _enqueue(task_name: str, **kwargs: Any) -> None:
    """Enqueue a task after the current transaction commits."""
    from lantoa.bulletin import tasks  # tasks call services; imported late, one direction

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(**kwargs))


# -- start -------------------------------------------------------------------------


def issue_send(*, actor: Actor, issue: Issue) -> Issue:
    """Approved → sending; the preparation and the lanes run in the background."""
    require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().select_related("bulletin__unit").get(pk=issue.pk)
        if locked.state != IssueState.APPROVED:
            raise IssueWrongState("Chỉ gửi được số bản tin đã được duyệt và chưa gửi.")
        now = timezone.now()
        locked.state = IssueState.SENDING
        locked.sent_by = actor_user(actor)  # type: ignore[assignment]
        locked.send_started_at = now
        locked.send_heartbeat_at = now
        locked.save(
            update_fields=["state", "sent_by", "send_started_at", "send_heartbeat_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_SEND,
            target=locked,
            unit_path=locked.bulletin.unit.path,
        )
        _enqueue("issue_prepare_task", issue_id=locked.pk)
    return locked


def issue_test_send(*, actor: Actor, issue: Issue, email: str = "") -> str:
    """Send the issue to the actor alone (subject marked "[Gửi thử]"); enqueued
    after commit. Allowed in any state. Returns the address used."""
    require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    address = email or getattr(actor, "email", "")
    if not address:
        raise InvalidInput("Tài khoản của bạn chưa có địa chỉ e-mail.")
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_TEST_SEND,
            target=issue,
            unit_path=issue.bulletin.unit.path,
            data={"email": address},
        )
        _enqueue("issue_test_send_task", issue_id=issue.pk, email=address, name=name)
    return address


def issue_test_send_deliver(*, issue_id: int, email: str, name: str) -> None:
    issue = Issue.objects.select_related("bulletin__unit").get(pk=issue_id)
    message = build_message(
        issue_email_template(issue),
        email=email,
        name=name,
        message_id=make_msgid(domain="lantoa.bulletin"),
        subject_prefix="[Gửi thử] ",
    )
    message.send()


# -- prepare -------------------------------------------------------------------------


def issue_prepare_recipients(*, issue_id: int) -> int:
    """Write a pending Delivery for every recipient (idempotent), then start
    the lanes. Returns the number of deliveries of the issue."""
    issue = Issue.objects.select_related("bulletin__unit").filter(pk=issue_id).first()
    if issue is None or issue.state != IssueState.SENDING:
        return 0  # deleted, or already finished: a late duplicate task
    if issue.recipients_prepared_at is None:
        bulletin = issue.bulletin
        members = member_recipients(bulletin).order_by("id").values_list("id", "email", "full_name")
        _write_chunks(issue, members, "member")
        subscribers = (
            subscriber_recipients(bulletin).order_by("id").values_list("id", "email", "name")
        )
        _write_chunks(issue, subscribers, "subscriber")
        total = Delivery.objects.filter(issue=issue).count()
        now = timezone.now()
        Issue.objects.filter(pk=issue.pk).update(
            recipients_prepared_at=now, recipients_total=total, send_heartbeat_at=now
        )
    with transaction.atomic():
        for _ in range(max(1, int(_setting("LANTOA_BULLETIN_SEND_LANES", 2)))):
            _enqueue("issue_send_lane_task", issue_id=issue.pk)
    return Delivery.objects.filter(issue=issue).count()


def _write_chunks(issue: Issue, rows: Any, kind: str) -> None:
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last)[:PREPARE_CHUNK])
        if not chunk:
            return
        Delivery.objects.bulk_create(
            [
                Delivery(
                    issue=issue,
                    email=email.strip().lower(),
                    name=name,
                    member_id=pk if kind == "member" else None,
                    subscriber_id=pk if kind == "subscriber" else None,
                )
                for pk, email, name in chunk
            ],
            ignore_conflicts=True,  # the same address twice, or a re-run after a crash
        )
        last = chunk[-1][0]
        Issue.objects.filter(pk=issue.pk).update(send_heartbeat_at=timezone.now())


# -- lanes and batches ---------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    claimed: int
    sent: int
    failed: int
    returned: int


def _claim(issue_id: int, size: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(issue_id=issue_id, state=DeliveryState.PENDING)
            .order_by("id")
            .values_list("id", flat=True)[:size]
        )
        if ids:
            Delivery.objects.filter(id__in=ids).update(
                state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
            Issue.objects.filter(pk=issue_id).update(send_heartbeat_at=now)
    return ids


def deliveries_send_batch(*, issue: Issue, size: int | None = None) -> BatchResult:
    """Claim up to `size` pending deliveries and send them over one SMTP
    connection. Permanent refusals fail the delivery; a broken connection
    puts the unsent rest back to pending."""
    size = size or int(_setting("LANTOA_BULLETIN_BATCH_SIZE", 100))
    ids = _claim(issue.pk, size)
    if not ids:
        return BatchResult(0, 0, 0, 0)
    template = issue_email_template(issue)
    rows = list(
        Delivery.objects.filter(id__in=ids)
        .order_by("id")
        .values_list("id", "email", "name", "member_id", "subscriber_id")
    )
    sent: list[int] = []
    failed: dict[int, str] = {}
    connection = get_connection(_backend(), fail_silently=False)
    try:
        connection.open()
        for pk, email, name, member_id, subscriber_id in rows:
            message = build_message(
                template, email=email, name=name, member_id=member_id, subscriber_id=subscriber_id
            )
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                if _is_permanent(exc):
                    failed[pk] = str(exc)[:500]
                    continue
                raise
            sent.append(pk)
    except (OSError, smtplib.SMTPException) as exc:
        # The server went away: what was not confirmed goes back to the queue.
        logger.warning(
            "bulletin: SMTP error after %d of %d messages: %s", len(sent), len(rows), exc
        )
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            logger.debug("bulletin: closing a broken SMTP connection failed")
    returned = [pk for pk, *_ in rows if pk not in failed and pk not in set(sent)]
    _settle(issue.pk, sent, failed, returned)
    return BatchResult(len(ids), len(sent), len(failed), len(returned))


def _backend() -> str | None:
    """Django's SMTP backend gets its bulk fast path (bulletin/mail_backend.py);
    any other configured backend (locmem in tests, console) is used as is."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return "lantoa.bulletin.mail_backend.BulkSMTPBackend"
    return None


def _is_permanent(exc: smtplib.SMTPException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return getattr(exc, "smtp_code", 0) >= 500


def _settle(
    issue_id: int, sent: Sequence[int], failed: dict[int, str], returned: Sequence[int]
) -> None:
    now = timezone.now()
    with transaction.atomic():
        if sent:
            Delivery.objects.filter(id__in=sent).update(
                state=DeliveryState.SENT, sent_at=now, error=""
            )
        for pk, error in failed.items():
            Delivery.objects.filter(id=pk).update(state=DeliveryState.FAILED, error=error)
        if returned:
            Delivery.objects.filter(id__in=returned).update(state=DeliveryState.PENDING)
        Issue.objects.filter(pk=issue_id).update(send_heartbeat_at=now)


def issue_send_lane(*, issue_id: int, budget_seconds: float = LANE_BUDGET_SECONDS) -> int:
    """Send batches until none is left or the time budget is spent (then the
    lane re-enqueues itself, so one long send never holds a worker for hours).
    Throttled to LANTOA_BULLETIN_MAX_PER_SECOND per lane (0: no limit)."""
    issue = (
        Issue.objects.select_related("bulletin__unit", "cover_image").filter(pk=issue_id).first()
    )
    if issue is None or issue.state != IssueState.SENDING:
        return 0
    rate = float(_setting("LANTOA_BULLETIN_MAX_PER_SECOND", 0))
    started = time.monotonic()
    total = 0
    while True:
        batch_started = time.monotonic()
        result = deliveries_send_batch(issue=issue)
        total += result.sent + result.failed
        if result.claimed == 0:
            issue_finish_if_done(issue_id=issue_id)
            return total
        if result.returned:
            # The SMTP server is unwell: leave the rest to a later lane.
            time.sleep(1.0)
        if rate > 0:
            time.sleep(max(0.0, result.claimed / rate - (time.monotonic() - batch_started)))
        if time.monotonic() - started > budget_seconds:
            _enqueue("issue_send_lane_task", issue_id=issue_id)
            return total


def issue_finish_if_done(*, issue_id: int) -> bool:
    """Sending → sent once every delivery is settled (idempotent)."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("bulletin__unit").get(pk=issue_id)
        if issue.state != IssueState.SENDING or issue.recipients_prepared_at is None:
            return False
        if Delivery.objects.filter(
            issue_id=issue_id, state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
        ).exists():
            return False
        issue.state = IssueState.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["state", "sent_at", "updated_at"])
        counts = {
            s: Delivery.objects.filter(issue_id=issue_id, state=s).count()
            for s in (DeliveryState.SENT, DeliveryState.FAILED)
        }
        audit_record(
            actor=SENDER,
            action=BulletinAction.ISSUE_SENT,
            target=issue,
            unit_path=issue.bulletin.unit.path,
            data={"sent": counts[DeliveryState.SENT], "failed": counts[DeliveryState.FAILED]},
        )
    return True


def issues_send_recover(*, older_than_seconds: int = STALE_SECONDS) -> int:
    """Restart sends whose worker died: deliveries claimed before the cutoff
    go back to pending and the issue's preparation/lanes are enqueued again.
    Returns how many deliveries were put back."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    returned = 0
    stalled = Issue.objects.filter(state=IssueState.SENDING).filter(
        send_heartbeat_at__lte=cutoff
    ) | Issue.objects.filter(state=IssueState.SENDING, send_heartbeat_at__isnull=True)
    for issue_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            returned += Delivery.objects.filter(
                issue_id=issue_id, state=DeliveryState.SENDING, claimed_at__lte=cutoff
            ).update(state=DeliveryState.PENDING)
            Issue.objects.filter(pk=issue_id).update(send_heartbeat_at=timezone.now())
            _enqueue("issue_prepare_task", issue_id=issue_id)
    return returned
