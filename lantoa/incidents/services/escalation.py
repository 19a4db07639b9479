"""Escalation up the union tree (docs/subsystems/incidents.md, "Escalation").

An incident goes up one level when one of its steps is late (the periodic
sweep, once per step) or when its severity rises to "high" or above: the
next unit above the highest one told so far gets an in-app notice and its
officers an e-mail; its officers (who already see the incident, the scope
rule covers their subtree) may take the incident over. The top union sees
every open incident of its subtree whether told or not.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.exceptions import InvalidInput
from lantoa.core.mail import mail, mail_after_commit
from lantoa.incidents.choices import (
    OPEN_STATES,
    EscalationReason,
    IncidentAction,
    NoticeKind,
    StepState,
    TimelineKind,
)
from lantoa.incidents.models import Escalation, Incident, IncidentStep, Notice
from lantoa.incidents.services.common import incident_record, require_edit, timeline_add
from lantoa.org.public import OrgUnit
from lantoa.org.selectors import unit_staff_emails


def incident_url(incident: Incident) -> str:
    """The incident's page in the back office, as an absolute URL."""
    base = str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{reverse('incidents_incidents:detail', args=[incident.pk])}"


def highest_told(incident: Incident) -> OrgUnit:
    """The highest unit told of the incident so far (its own unit at first)."""
    last = incident.escalations.select_related("to_unit").order_by("to_unit__depth").first()
    top = last.to_unit if last is not None else incident.unit
    handling = incident.handling_unit
    return handling if handling.depth < top.depth else top


def incident_escalate(
    *,
    actor: Actor,
    incident: Incident,
    reason: str,
    step: IncidentStep | None = None,
    note: str = "",
) -> Escalation | None:
    """Tell the unit above the highest one told so far; None at the top of
    the tree, or when this step already escalated. In the caller's
    transaction (notices, e-mail after commit)."""
    if reason not in EscalationReason.values:
        raise InvalidInput("Lý do báo lên cấp trên không hợp lệ.")
    source = highest_told(incident)
    parent = source.get_parent()
    if parent is None:
        return None
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                incident=incident,
                from_unit=source,
                to_unit=parent,
                reason=reason,
                step=step,
                note=note.strip(),
            )
    except IntegrityError:
        return None  # this step escalated before
    incident.escalation_level = incident.unit.depth - parent.depth
    incident.escalated_at = escalation.at
    incident.save(update_fields=["escalation_level", "escalated_at", "updated_at"])
    why = str(EscalationReason(reason).label)
    if step is not None:
        why = f"{why}: bước {step.order}. {step.title} (hạn {_local(step.due_at)})"
    text = f"Sự cố «{incident.title}» tại {incident.unit.name} được báo lên {parent.name} — {why}."
    Notice.objects.create(
        unit=parent, kind=NoticeKind.ESCALATED, incident=incident, text=text[:500]
    )
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.ESCALATION,
        text=text + (f" {escalation.note}" if escalation.note else ""),
        action=IncidentAction.INCIDENT_ESCALATE,
        data={"escalation_id": escalation.pk, "to_unit": parent.pk},
        audit_data={"to_unit": parent.pk, "reason": reason, "step": step.order if step else None},
    )
    body = (
        f"{text}\n\nMức độ: {incident.get_severity_display()}. Loại: "
        f"{incident.get_category_display()}.\nĐơn vị đang chủ trì: {incident.handling_unit.name}."
        f"\n\nXem diễn biến và tiếp quản nếu cần: {incident_url(incident)}"
    )
    mail_after_commit(
        [mail(f"[Lantoa] Sự cố báo lên: {incident.title}", body, unit_staff_emails(parent))]
    )
    return escalation


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def steps_sweep(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Mark late every pending step past its due time, tell the handling
    unit, and escalate the incident once per late step. Idempotent: a step
    is marked late once. Returns how many steps went late."""
    now = now or timezone.now()
    due = IncidentStep.objects.filter(
        state=StepState.PENDING,
        late_at__isnull=True,
        due_at__lt=now,
        incident__state__in=OPEN_STATES,
    )
    count = 0
    for step_id in due.order_by("due_at", "pk").values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            step = (
                IncidentStep.objects.select_for_update(of=("self",))
                .select_related("incident__unit", "incident__handling_unit")
                .filter(pk=step_id, late_at__isnull=True, state=StepState.PENDING)
                .first()
            )
            if step is None:
                continue
            step.late_at = now
            step.save(update_fields=["late_at"])
            incident = step.incident
            text = f"Bước {step.order}. {step.title} đã quá hạn ({_local(step.due_at)})."
            Notice.objects.create(
                unit=incident.handling_unit,
                kind=NoticeKind.STEP_LATE,
                incident=incident,
                text=f"«{incident.title}»: {text}"[:500],
            )
            timeline_add(incident=incident, actor=actor, kind=TimelineKind.STEP_LATE, text=text)
            incident_escalate(
                actor=actor, incident=incident, reason=EscalationReason.STEP_LATE, step=step
            )
            count += 1
    return count


@transaction.atomic
def incident_escalate_manually(*, actor: Actor, incident: Incident, note: str) -> Escalation:
    """An officer asks the unit above for help."""
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("unit", "handling_unit")
        .get(pk=incident.pk)
    )
    require_edit(actor=actor, unit=incident.unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    if not (note or "").strip():
        raise InvalidInput("Hãy ghi điều cần cấp trên hỗ trợ.")
    escalation = incident_escalate(
        actor=actor, incident=incident, reason=EscalationReason.MANUAL, note=note
    )
    if escalation is None:
        raise InvalidInput("Đơn vị này đã là cấp cao nhất.")
    return escalation


@transaction.atomic
def incident_take_over(*, actor: Actor, incident: Incident, unit: OrgUnit) -> Incident:
    """An officer of a unit the incident was escalated to leads it from now
    on; the incident stays where it happened (its unit's officers still see it)."""
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("unit", "handling_unit")
        .get(pk=incident.pk)
    )
    require_edit(actor=actor, unit=unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    escalation = (
        incident.escalations.filter(to_unit=unit, taken_over_at__isnull=True).order_by("at").first()
    )
    if escalation is None or unit.depth >= incident.handling_unit.depth:
        raise InvalidInput("Chỉ đơn vị cấp trên đã được báo lên mới tiếp quản được sự cố.")
    previous = incident.handling_unit
    incident.handling_unit = unit
    incident.save(update_fields=["handling_unit", "updated_at"])
    incident.escalations.filter(to_unit=unit, taken_over_at__isnull=True).update(
        taken_over_at=timezone.now(), taken_over_by_id=actor_user_id(actor)
    )
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.TAKEOVER,
        text=f"{unit.name} tiếp quản, chủ trì xử lý sự cố (trước đó: {previous.name}).",
        action=IncidentAction.INCIDENT_TAKEOVER,
        audit_data={"from_unit": previous.pk, "to_unit": unit.pk},
    )
    return incident
