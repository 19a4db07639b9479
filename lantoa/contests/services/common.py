"""Helpers shared by the contest services."""

from lantoa.contests.models import Contest
from lantoa.core.actors import Actor
from lantoa.org import scoping
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.public import Member


def acts_for_member(*, actor: Actor, member: Member) -> bool:
    """The member themself (their own account)."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and member.user_id is not None
        and member.user_id == actor.pk
    )


def require_officer(*, actor: Actor, contest: Contest, perm: str = Perm.CONTENT_EDIT) -> None:
    scoping.require_perm(actor, perm, contest.unit)


def eligible_paths(contest: Contest) -> list[str]:
    """Unit paths whose members may take part (the organiser's whole subtree
    when the contest names no units)."""
    paths = [u.path for u in contest.eligible_units.all()]
    return paths or [contest.unit.path]


def is_eligible(contest: Contest, member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE and any(
        member.unit_path.startswith(p) for p in eligible_paths(contest)
    )


def locked_contest(contest: Contest) -> Contest:
    return Contest.objects.select_for_update(no_key=True).select_related("unit").get(pk=contest.pk)
