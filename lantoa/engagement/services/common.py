"""Helpers shared by the engagement services."""

from django.db import models

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.engagement.choices import PublishState
from lantoa.engagement.exceptions import NotEligible, StateInvalid
from lantoa.org import scoping
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.public import Member, OrgUnit


def acts_for_member(*, actor: Actor, member: Member) -> bool:
    """The member themself (their own account)."""
    return bool(
        actor.is_authenticated and member.user_id is not None and member.user_id == actor.pk
    )


def require_member(*, actor: Actor, member: Member, unit: OrgUnit) -> None:
    """Only the member acts for themself, and only within the organiser's subtree."""
    if not acts_for_member(actor=actor, member=member):
        scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if member.status != MemberStatus.ACTIVE or not member.unit_path.startswith(unit.path):
        raise NotEligible()


# The steps of a quiz or survey: the state it goes to ← (the states it may
# leave, the right over the organising unit it takes).
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    PublishState.PENDING: ((PublishState.DRAFT,), Perm.CONTENT_EDIT),  # submitted
    PublishState.APPROVED: ((PublishState.PENDING,), Perm.CONTENT_APPROVE),  # published
    PublishState.CLOSED: ((PublishState.APPROVED,), Perm.CONTENT_EDIT),
}


def transition(*, actor: Actor, obj: models.Model, to: str, action: str) -> None:
    """Move a quiz or survey (`state`, `unit`) to `to`, checking rights and
    state, and audit `action`."""
    allowed, perm = STEPS[to]
    scoping.require_perm(actor, perm, obj.unit)  # type: ignore[attr-defined]
    if obj.state not in allowed:  # type: ignore[attr-defined]
        raise StateInvalid()
    obj.state = to  # type: ignore[attr-defined]
    obj.save(update_fields=["state"])
    audit_record(actor=actor, action=action, target=obj, unit_path=obj.unit.path)  # type: ignore[attr-defined]
