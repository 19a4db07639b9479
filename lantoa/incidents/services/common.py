"""Pieces every incidents service shares: who may act, and the timeline."""

from typing import Any

from django.db.models import Model

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.incidents.models import Incident, TimelineEntry
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can


def require_edit(*, actor: Actor, unit: OrgUnit) -> None:
    """Officers (and approvers, administrators) of `unit` or above."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()


def require_approve(*, actor: Actor, unit: OrgUnit) -> None:
    if not user_can(actor, Perm.CONTENT_APPROVE, unit):
        raise PermissionDenied("Chỉ người duyệt của đơn vị hoặc cấp trên được duyệt phản hồi.")


def actor_display(*, actor: Actor) -> str:
    """What the timeline shows for an actor that is not a user row."""
    if actor_user_id(actor) is not None:
        return ""
    if actor.is_authenticated:
        return str(actor)
    return "Người báo tin"


def timeline_add(
    *,
    incident: Incident,
    actor: Actor,
    kind: str,
    text: str,
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """Append one entry to the incident's timeline (in the caller's transaction)."""
    return TimelineEntry.objects.create(
        incident=incident,
        kind=kind,
        actor_id=actor_user_id(actor),
        actor_label=actor_display(actor=actor)[:200],
        text=text,
        data=data or {},
    )


def incident_record(
    *,
    incident: Incident,
    actor: Actor,
    kind: str,
    text: str,
    action: str,
    target: Model | None = None,
    data: dict[str, Any] | None = None,
    audit_data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """One step of an incident, told twice in the caller's transaction: on the
    incident's timeline (what its officers read) and in the audit log, under the
    incident's unit (`target` defaults to the incident)."""
    entry = timeline_add(incident=incident, actor=actor, kind=kind, text=text, data=data)
    audit_record(
        actor=actor,
        action=action,
        target=incident if target is None else target,
        unit_path=incident.unit.path,
        data=audit_data,
    )
    return entry
