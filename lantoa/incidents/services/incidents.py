"""An incident's life cycle (docs/subsystems/incidents.md, "Life cycle").

open → responding (the first step done) → resolved → closed (with its
lessons; the report can be printed) — reopened when it flares up again.
Every change is audited and written on the incident's timeline. Opening an
incident applies the playbook that fits its category and severity (the
nearest unit's first); triage may change both, and a severity that rises to
"high" or above escalates the incident one level up the tree.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.incidents import selectors
from lantoa.incidents.choices import (
    Category,
    EscalationReason,
    IncidentAction,
    IncidentState,
    ReportState,
    Severity,
    StepState,
    TimelineKind,
)
from lantoa.incidents.models import Incident, IncidentStep, Notice, Playbook, Report
from lantoa.incidents.services.common import incident_record, require_edit, timeline_add
from lantoa.incidents.services.escalation import incident_escalate
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import role_unit_paths

ESCALATE_FROM = Severity.HIGH


def lock(incident: Incident) -> Incident:
    """The incident, re-read under a row lock (with its units)."""
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("unit", "handling_unit")
        .get(pk=incident.pk)
    )


def _check_fields(title: str, category: str, severity: int) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput("Hãy đặt tiêu đề cho sự cố.")
    if category not in Category.values:
        raise InvalidInput("Loại sự cố không hợp lệ.")
    if severity not in Severity.values:
        raise InvalidInput("Mức độ không hợp lệ.")
    return title[:255]


@transaction.atomic
def incident_open(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    category: str,
    severity: int,
    claim: str = "",
    summary: str = "",
    reports: Sequence[Report] = (),
    detected_at: dt.datetime | None = None,
) -> Incident:
    """Open an incident at `unit` from zero or more reports of its subtree
    (detected when the first of them came in, else now), and apply the
    playbook that fits, if any."""
    require_edit(actor=actor, unit=unit)
    title = _check_fields(title, category, severity)
    locked = list(
        Report.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk__in=[r.pk for r in reports])
        .order_by("received_at", "pk")
    )
    for report in locked:
        if report.state != ReportState.NEW:
            raise InvalidInput("Tin báo đã được xử lý trước đó.")
        if not report.unit.path.startswith(unit.path):
            raise PermissionDenied("Tin báo không thuộc đơn vị của sự cố.")
    now = timezone.now()
    detected = detected_at or (locked[0].received_at if locked else now)
    incident = Incident.objects.create(
        unit=unit,
        handling_unit=unit,
        title=title,
        claim=(claim or "").strip() or (locked[0].text if locked else ""),
        summary=(summary or "").strip(),
        category=category,
        severity=severity,
        detected_at=min(detected, now),
        created_by_id=actor_user_id(actor),
    )
    timeline_add(
        incident=incident,
        actor=actor,
        kind=TimelineKind.OPENED,
        text=f"Mở sự cố tại {unit.name}: {Category(category).label}, mức "
        f"{Severity(severity).label}.",
    )
    for report in locked:
        _attach(actor, incident, report)
    audit_record(
        actor=actor,
        action=IncidentAction.INCIDENT_OPEN,
        target=incident,
        unit_path=unit.path,
        data={"reports": [r.pk for r in locked], "severity": severity, "category": category},
    )
    playbook = selectors.playbooks_for_incident(incident).first()
    if playbook is not None:
        _apply(actor, incident, playbook)
    if severity >= ESCALATE_FROM:
        incident_escalate(actor=actor, incident=incident, reason=EscalationReason.SEVERITY_RAISED)
    return incident


def _attach(actor: Actor, incident: Incident, report: Report) -> None:
    report.state = ReportState.ATTACHED
    report.incident = incident
    report.save(update_fields=["state", "incident"])
    where = f" ({report.url})" if report.url else ""
    timeline_add(
        incident=incident,
        actor=actor,
        kind=TimelineKind.REPORT,
        text=f"Tin báo — {report.get_source_display()}{where}: {report.text[:300]}".strip(),
        data={"report_id": report.pk},
    )
    audit_record(
        actor=actor,
        action=IncidentAction.REPORT_ATTACH,
        target=report,
        unit_path=report.unit.path,
        data={"incident_id": incident.pk},
    )


@transaction.atomic
def incident_attach_report(*, actor: Actor, incident: Incident, report: Report) -> Incident:
    """Add a new report of the incident's subtree to it (the same rumour, told again)."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.unit)
    report = Report.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)
    require_edit(actor=actor, unit=report.unit)
    if report.state != ReportState.NEW:
        raise InvalidInput("Tin báo đã được xử lý trước đó.")
    if not report.unit.path.startswith(incident.unit.path):
        raise PermissionDenied("Tin báo không thuộc đơn vị của sự cố.")
    _attach(actor, incident, report)
    return incident


@transaction.atomic
def incident_triage(
    *,
    actor: Actor,
    incident: Incident,
    severity: int,
    category: str,
    title: str | None = None,
    affected_units: Sequence[OrgUnit] | None = None,
) -> Incident:
    """Set severity, category and the units it touches. A severity that
    rises to "high" or above escalates one level (once per rise)."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý: hãy mở lại trước khi phân loại.")
    title = _check_fields(title if title is not None else incident.title, category, severity)
    before = (incident.severity, incident.category, incident.title)
    if affected_units is not None:
        for affected in affected_units:
            require_edit(actor=actor, unit=affected)
        incident.affected_units.set(affected_units)
    incident.severity, incident.category, incident.title = severity, category, title
    incident.save(update_fields=["severity", "category", "title", "updated_at"])
    names = ", ".join(u.name for u in incident.affected_units.all())
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.SEVERITY if severity != before[0] else TimelineKind.TRIAGE,
        text=f"Phân loại: {Category(category).label}, mức {Severity(severity).label}"
        + (f"; đơn vị bị ảnh hưởng: {names}" if names else "")
        + ".",
        action=IncidentAction.INCIDENT_TRIAGE,
        data={"before": {"severity": before[0], "category": before[1]}},
        audit_data={"severity": [before[0], severity], "category": [before[1], category]},
    )
    if severity > before[0] and severity >= ESCALATE_FROM:
        incident_escalate(actor=actor, incident=incident, reason=EscalationReason.SEVERITY_RAISED)
    return incident


def _apply(actor: Actor, incident: Incident, playbook: Playbook) -> list[IncidentStep]:
    steps = [
        IncidentStep(
            incident=incident,
            order=step.order,
            title=step.title,
            instructions=step.instructions,
            role=step.role,
            due_at=incident.detected_at + dt.timedelta(minutes=step.due_minutes),
            holding_statement=render_holding_statement(step.holding_statement, incident),
            counts_as_response=step.counts_as_response,
        )
        for step in playbook.steps.order_by("order")
    ]
    IncidentStep.objects.bulk_create(steps)
    incident.playbook = playbook
    incident.save(update_fields=["playbook", "updated_at"])
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.PLAYBOOK,
        text=f"Áp dụng kịch bản «{playbook.name}»: {len(steps)} bước, bước cuối hạn "
        + (f"{timezone.localtime(steps[-1].due_at):%H:%M %d/%m/%Y}." if steps else "—."),
        action=IncidentAction.PLAYBOOK_APPLY,
        data={"playbook_id": playbook.pk},
        audit_data={"playbook_id": playbook.pk},
    )
    return steps


def render_holding_statement(template: str, incident: Incident) -> str:
    """A holding statement from its template: {don_vi}, {tieu_de}, {ngay}, {du_kien}."""
    if not template:
        return ""
    values = {
        "don_vi": incident.handling_unit.name,
        "tieu_de": incident.title,
        "ngay": f"{timezone.localtime(incident.detected_at):%d/%m/%Y}",
        "du_kien": "",
    }
    matches = selectors.facts_matching(incident.unit, incident.claim or incident.title, limit=1)
    if matches:
        values["du_kien"] = matches[0].fact.statement
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", value)
    return out


@transaction.atomic
def playbook_apply(*, actor: Actor, incident: Incident, playbook: Playbook) -> Incident:
    """Replace the incident's pending steps with `playbook`'s (steps already
    done stay done)."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    if playbook not in selectors.playbooks_for(actor) or not incident.unit.path.startswith(
        playbook.unit.path
    ):
        raise PermissionDenied("Kịch bản không áp dụng được cho đơn vị của sự cố.")
    if incident.steps.exclude(state=StepState.PENDING).exists():
        raise InvalidInput("Sự cố đã có bước hoàn thành: không đổi được kịch bản.")
    incident.steps.all().delete()
    _apply(actor, incident, playbook)
    return incident


def _step(step: IncidentStep) -> IncidentStep:
    return (
        IncidentStep.objects.select_for_update(of=("self",))
        .select_related("incident__unit", "incident__handling_unit")
        .get(pk=step.pk)
    )


@transaction.atomic
def step_complete(*, actor: Actor, step: IncidentStep, note: str = "") -> IncidentStep:
    """Mark a step done. The first step done puts the incident in
    "responding"; a step that counts as a response starts the first-response clock."""
    step = _step(step)
    incident = lock(step.incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    if step.state != StepState.PENDING:
        raise InvalidInput("Bước này đã được xử lý.")
    now = timezone.now()
    step.state, step.done_at, step.done_by_id = StepState.DONE, now, actor_user_id(actor)
    step.note = (note or "").strip()
    step.save(update_fields=["state", "done_at", "done_by", "note"])
    fields = ["updated_at"]
    if incident.state == IncidentState.OPEN:
        incident.state = IncidentState.RESPONDING
        fields.append("state")
    if step.counts_as_response and incident.first_response_at is None:
        incident.first_response_at = now
        fields.append("first_response_at")
    incident.save(update_fields=fields)
    late = " (quá hạn)" if now > step.due_at else ""
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.STEP,
        text=f"Hoàn thành bước {step.order}. {step.title}{late}"
        + (f": {step.note}" if step.note else "."),
        action=IncidentAction.STEP_COMPLETE,
        data={"step_id": step.pk},
        audit_data={"step": step.order},
    )
    return step


@transaction.atomic
def step_skip(*, actor: Actor, step: IncidentStep, note: str) -> IncidentStep:
    """Skip a step that does not apply, saying why."""
    step = _step(step)
    incident = lock(step.incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if step.state != StepState.PENDING:
        raise InvalidInput("Bước này đã được xử lý.")
    note = (note or "").strip()
    if not note:
        raise InvalidInput("Hãy ghi lý do bỏ qua bước này.")
    step.state, step.done_at, step.done_by_id = (
        StepState.SKIPPED,
        timezone.now(),
        actor_user_id(actor),
    )
    step.note = note
    step.save(update_fields=["state", "done_at", "done_by", "note"])
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.STEP,
        text=f"Bỏ qua bước {step.order}. {step.title}: {note}",
        action=IncidentAction.STEP_SKIP,
        data={"step_id": step.pk},
        audit_data={"step": step.order, "note": note},
    )
    return step


def first_response_record(*, actor: Actor, incident: Incident) -> None:
    """Start the first-response clock if it has not started (a holding
    statement or a response went out). In the caller's transaction."""
    if incident.first_response_at is None:
        incident.first_response_at = timezone.now()
        fields = ["first_response_at", "updated_at"]
        if incident.state == IncidentState.OPEN:
            incident.state = IncidentState.RESPONDING
            fields.append("state")
        incident.save(update_fields=fields)


@transaction.atomic
def incident_resolve(*, actor: Actor, incident: Incident, summary: str = "") -> Incident:
    """The response is over: the resolution clock stops. Pending steps stay
    as they are (the report shows them)."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    incident.state, incident.resolved_at = IncidentState.RESOLVED, timezone.now()
    if summary.strip():
        incident.summary = summary.strip()
    incident.save(update_fields=["state", "resolved_at", "summary", "updated_at"])
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.STATE,
        text="Kết thúc xử lý sự cố." + (f" {summary.strip()}" if summary.strip() else ""),
        action=IncidentAction.INCIDENT_RESOLVE,
    )
    return incident


@transaction.atomic
def incident_close(*, actor: Actor, incident: Incident, lessons: str) -> Incident:
    """Close a resolved incident with its lessons learnt."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if incident.state != IncidentState.RESOLVED:
        raise InvalidInput("Chỉ đóng được sự cố đã kết thúc xử lý.")
    lessons = (lessons or "").strip()
    if not lessons:
        raise InvalidInput("Hãy ghi bài học kinh nghiệm trước khi đóng sự cố.")
    incident.state, incident.closed_at, incident.lessons = (
        IncidentState.CLOSED,
        timezone.now(),
        lessons,
    )
    incident.save(update_fields=["state", "closed_at", "lessons", "updated_at"])
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.STATE,
        text="Đóng sự cố.",
        action=IncidentAction.INCIDENT_CLOSE,
    )
    return incident


@transaction.atomic
def incident_reopen(*, actor: Actor, incident: Incident, reason: str) -> Incident:
    """The rumour flared up again: back to "responding", clocks kept."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.handling_unit)
    if incident.is_open:
        raise InvalidInput("Sự cố đang được xử lý.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Hãy ghi lý do mở lại sự cố.")
    incident.state, incident.resolved_at, incident.closed_at = IncidentState.RESPONDING, None, None
    incident.save(update_fields=["state", "resolved_at", "closed_at", "updated_at"])
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.STATE,
        text=f"Mở lại sự cố: {reason}",
        action=IncidentAction.INCIDENT_REOPEN,
        audit_data={"reason": reason},
    )
    return incident


@transaction.atomic
def incident_note(*, actor: Actor, incident: Incident, text: str) -> Incident:
    """A note on the timeline (a call made, a decision taken)."""
    incident = lock(incident)
    require_edit(actor=actor, unit=incident.unit)
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Ghi chú không có nội dung.")
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.NOTE,
        text=text[:5000],
        action=IncidentAction.INCIDENT_NOTE,
    )
    return incident


@transaction.atomic
def notice_read(*, actor: Actor, notice: Notice) -> Notice:
    """Mark a notice read, by someone holding a role at its unit (a notice
    is addressed to one unit, not its subtree). Idempotent."""
    notice = Notice.objects.select_for_update(of=("self",)).select_related("unit").get(pk=notice.pk)
    holds_role = notice.unit.path in role_unit_paths(actor)
    if not getattr(actor, "is_superuser", False) and not holds_role:
        raise PermissionDenied()
    if notice.read_at is None:
        notice.read_at, notice.read_by_id = timezone.now(), actor_user_id(actor)
        notice.save(update_fields=["read_at", "read_by"])
        audit_record(
            actor=actor,
            action=IncidentAction.NOTICE_READ,
            target=notice,
            unit_path=notice.unit.path,
        )
    return notice
