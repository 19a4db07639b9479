"""After the event: the recording link and a summary, submitted by an
officer and published on the event's page once an approver of the
organising unit approved them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantoa.core import events as domain_events
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.events.choices import AuditAction, EventState, ReportState
from lantoa.events.events import REPORT_PUBLISHED
from lantoa.events.exceptions import ReportStateInvalid
from lantoa.events.models import Event
from lantoa.events.services.gatherings import room_url_problem
from lantoa.events.services.pages import event_page_publish
from lantoa.org import scoping
from lantoa.org.choices import Perm


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update(no_key=True).select_related("unit").get(pk=event.pk)


@transaction.atomic
def report_submit(*, actor: Actor, event: Event, recording_url: str, summary: str) -> Event:
    """Store the recording link and summary of an approved event that has
    started, waiting for approval (a published report can be revised: it
    waits for approval again, and the page shows none until then)."""
    current = _locked(event)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state != EventState.APPROVED or current.starts_at > timezone.now():
        raise ReportStateInvalid("Chỉ gửi bản ghi và tóm tắt sau khi sự kiện đã diễn ra.")
    errors: dict[str, str] = {}
    recording_url = (recording_url or "").strip()
    summary = (summary or "").strip()
    problem = room_url_problem(recording_url)
    if problem:
        errors["recording_url"] = "Đường dẫn bản ghi phải bắt đầu bằng https://."
    if len(summary) < 20:
        errors["report_summary"] = "Hãy viết tóm tắt (ít nhất 20 ký tự)."
    if errors:
        raise ValidationError(errors)
    current.recording_url = recording_url
    current.report_summary = summary
    current.report_state = ReportState.PENDING
    current.save(update_fields=["recording_url", "report_summary", "report_state", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_SUBMIT,
        target=current,
        unit_path=current.unit.path,
        data={"recording_url": recording_url},
    )
    return current


@transaction.atomic
def report_publish(*, actor: Actor, event: Event) -> Event:
    """Approve the pending recording and summary: the event's page on the
    unit's site is published again with them (approval rights over the
    organising unit). Announces `events.report_published`."""
    current = _locked(event)
    scoping.require_perm(actor, Perm.CONTENT_APPROVE, current.unit)
    if current.report_state != ReportState.PENDING:
        raise ReportStateInvalid("Không có bản ghi và tóm tắt nào đang chờ duyệt.")
    current.report_state = ReportState.PUBLISHED
    current.report_published_at = timezone.now()
    current.save(update_fields=["report_state", "report_published_at", "updated_at"])
    page = event_page_publish(actor=actor, event=current)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_PUBLISH,
        target=current,
        unit_path=current.unit.path,
        data={"page": page.pk if page is not None else None},
    )
    domain_events.announce(
        REPORT_PUBLISHED,
        key=f"event:{current.pk}:report:{current.report_published_at.isoformat()}",
        event_id=current.pk,
        unit_id=current.unit_id,
        page_id=page.pk if page is not None else None,
    )
    return current
