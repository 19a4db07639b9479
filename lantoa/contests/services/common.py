"""Helpers shared by the contest services."""

import time
from datetime import datetime

from lantoa.contests.choices import ContestState
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


# An approved contest keeps its rules (only a draft is edited), so its
# eligible units are read once per process and contest version; the paths
# are read again after ELIGIBLE_CACHE_SECONDS in case a unit moved.
ELIGIBLE_CACHE_SECONDS = 60.0
_eligible: dict[tuple[int, datetime | None], tuple[float, list[str]]] = {}


def eligible_paths(contest: Contest) -> list[str]:
    """Unit paths whose members may take part (the organiser's whole subtree
    when the contest names no units). No query for an approved contest seen
    in the last minute (a vote's check) or one whose units were prefetched."""
    prefetched = "eligible_units" in getattr(contest, "_prefetched_objects_cache", {})
    cacheable = contest.state == ContestState.APPROVED and not prefetched
    key = (contest.pk, contest.updated_at)
    now = time.monotonic()
    if cacheable and (hit := _eligible.get(key)) and now - hit[0] < ELIGIBLE_CACHE_SECONDS:
        return hit[1]
    paths = [u.path for u in contest.eligible_units.all()] or [contest.unit.path]
    if cacheable:
        if len(_eligible) > 1000:
            _eligible.clear()
        _eligible[key] = (now, paths)
    return paths


def is_eligible(contest: Contest, member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE and any(
        member.unit_path.startswith(p) for p in eligible_paths(contest)
    )


def locked_contest(contest: Contest) -> Contest:
    return Contest.objects.select_for_update(no_key=True).select_related("unit").get(pk=contest.pk)
