"""Worker side of sending a release: at its time, and never before its
embargo, hand it to the bulletin's mailing machinery addressed to the
journalists who may receive it (docs/subsystems/press.md, "Sending")."""

import datetime as dt
import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from lantoa.bulletin.services.mailings import MailRecipient, mailing_send
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.dates import format_datetime_line
from lantoa.core.public_urls import absolute_url
from lantoa.press.choices import PressAction, ReleaseKind, ReleaseState
from lantoa.press.models import PressRelease
from lantoa.press.services.contacts import journalist_unsubscribe_token

logger = logging.getLogger(__name__)


def mailing_source(release: PressRelease) -> str:
    return f"press.release:{release.public_id}"


def _enqueue_at(release_id: int, when: dt.datetime) -> None:
    from lantoa.press.tasks import release_dispatch_task  # tasks call this module

    if not release_dispatch_task.get_backend().supports_defer:
        return  # a backend that runs tasks at once (tests): the periodic look sends it
    task = release_dispatch_task.using(run_after=when)
    transaction.on_commit(lambda: task.enqueue(release_id=release_id))


def release_enqueue_dispatch(release: PressRelease) -> None:
    """After commit, run the dispatcher at the scheduled send time. It checks
    the embargo itself, so a send time earlier than the embargo only makes it
    look and wait."""
    _enqueue_at(release.pk, release.send_at or timezone.now())


def _bodies(release: PressRelease) -> tuple[str, str, str]:
    subject = (
        f"Giấy mời: {release.title}" if release.kind == ReleaseKind.INVITATION else release.title
    )
    body_html = expand_db_html(release.body) if release.body else ""
    context = {
        "release": release,
        "subject": subject,
        "body_html": body_html,
        "body_text": strip_tags(body_html.replace("</p>", "</p>\n\n")).strip(),
        "event_line": format_datetime_line(release.event_at) if release.event_at else "",
        "unsubscribe_url": "[[unsubscribe_url]]",
    }
    return (
        subject,
        render_to_string("press/mail/release.txt", context),
        render_to_string("press/mail/release.html", context),
    )


def release_dispatch(*, actor: Actor, release_id: int) -> PressRelease | None:
    """Send a scheduled release if its time has come: the later of its send
    time and its embargo, on the clock as it is now. Earlier, it looks again
    at that time and sends nothing. Idempotent: a release sent already, or
    cancelled, is left alone; the mailing is keyed by the release."""
    with transaction.atomic():
        release = (
            PressRelease.objects.select_for_update()
            .select_related("unit")
            .filter(pk=release_id)
            .first()
        )
        if release is None or release.state != ReleaseState.SCHEDULED:
            return release
        now = timezone.now()
        due = release.due_at or now
        if now < due:
            _enqueue_at(release.pk, due)
            return release
        recipients = [
            MailRecipient(
                email=r.journalist.email,
                name=r.journalist.full_name,
                unsubscribe_url=absolute_url(
                    reverse("press:unsubscribe", args=[journalist_unsubscribe_token(r.journalist)])
                ),
            )
            for r in release.recipients.select_related("journalist").order_by("id")
            if r.journalist.contactable
        ]
        if not recipients:
            logger.warning("press: release %s has nobody left to send to", release.pk)
            return release
        subject, text, html = _bodies(release)
        mailing_send(
            actor=actor,
            unit=release.unit,
            source=mailing_source(release),
            subject=subject,
            text=text,
            html=html,
            recipients=recipients,
            from_name=release.unit.name,
            reply_to=release.contact_email,
        )
        release.state = ReleaseState.SENT
        release.dispatched_at = now
        release.sent_at = now
        release.save(update_fields=["state", "dispatched_at", "sent_at", "updated_at"])
        audit_record(
            actor=actor,
            action=PressAction.RELEASE_DISPATCH,
            target=release,
            unit_path=release.unit.path,
            data={"recipients": len(recipients), "due_at": due.isoformat()},
        )
    return release


def releases_dispatch_due(*, actor: Actor) -> int:
    """The periodic look: dispatch every scheduled release whose time has
    come (a dispatcher task lost with a dead worker is made up for here)."""
    now = timezone.now()
    due = (
        PressRelease.objects.filter(state=ReleaseState.SCHEDULED, send_at__lte=now)
        .exclude(embargo_until__gt=now)
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(due):
        release = release_dispatch(actor=actor, release_id=pk)
        count += int(release is not None and release.state == ReleaseState.SENT)
    return count
