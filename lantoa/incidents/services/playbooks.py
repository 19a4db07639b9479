"""Playbooks ("kịch bản ứng phó"): written by a unit for its whole subtree."""

from typing import Any

from django.db import transaction

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput
from lantoa.incidents.choices import IncidentAction
from lantoa.incidents.models import Playbook
from lantoa.incidents.services.common import require_edit

FIELDS = ("name", "description", "category", "min_severity", "max_severity", "active")


@transaction.atomic
def playbook_save(*, actor: Actor, playbook: Playbook) -> Playbook:
    """Create or update `playbook` with the steps it holds in memory (the
    admin's inline form). Needs `Perm.CONTENT_EDIT` at the owning unit,
    before and after. Steps are numbered in their order; due times must not
    go backwards. Audited."""
    creating = playbook.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = Playbook.objects.select_related("unit").get(pk=playbook.pk)
        require_edit(actor=actor, unit=stored.unit)
        before = {name: getattr(stored, name) for name in FIELDS}
    require_edit(actor=actor, unit=playbook.unit)
    if not playbook.name.strip():
        raise InvalidInput("Hãy đặt tên kịch bản.")
    if playbook.min_severity > playbook.max_severity:
        raise InvalidInput("Mức độ «từ» phải nhỏ hơn hoặc bằng mức «đến».")
    steps = sorted(playbook.steps.all(), key=lambda s: s.order or 0)
    if not steps:
        raise InvalidInput("Kịch bản cần ít nhất một bước.")
    previous = 0
    for number, step in enumerate(steps, start=1):
        if step.due_minutes < previous:
            raise InvalidInput(f"Bước {number} có hạn sớm hơn bước trước.")
        previous = step.due_minutes
        step.order = number
    if creating:
        playbook.created_by_id = actor_user_id(actor)
    playbook.save()
    audit_record(
        actor=actor,
        action=IncidentAction.PLAYBOOK_CREATE if creating else IncidentAction.PLAYBOOK_UPDATE,
        target=playbook,
        unit_path=playbook.unit.path,
        data={"steps": len(steps)}
        if creating
        else {
            "changed": changed_fields(before, {n: getattr(playbook, n) for n in FIELDS}),
            "steps": len(steps),
        },
    )
    return playbook
