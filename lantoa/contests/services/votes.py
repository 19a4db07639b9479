"""Public votes: a signed-in member of an eligible unit votes for approved
entries while voting is open, once per entry (the database's unique
constraint decides between two votes at the same instant), not for their own
photo, and not faster than a member can look at photos. More votes for one
entry within a minute than the contest's threshold is a burst: recorded for
the officers, the entry flagged; the votes stay counted until they decide."""

from datetime import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.contests import actors
from lantoa.contests.choices import AuditAction, BurstStatus, ContestState, EntryStatus
from lantoa.contests.exceptions import (
    AlreadyVoted,
    NotEligible,
    OwnEntryVote,
    VoteRateLimited,
    VotingClosed,
)
from lantoa.contests.models import Contest, Entry, Vote, VoteBurst
from lantoa.contests.services.common import acts_for_member, is_eligible, require_officer
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.ratelimit import rate_limited
from lantoa.org.public import Member

# A member looks at a photo before voting: 30 votes a minute is a fast
# thumb; more is a script.
MEMBER_VOTE_RATE = "30/60"


def voting_open(contest: Contest, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        contest.state == ContestState.APPROVED
        and contest.voting_starts_at is not None
        and contest.voting_ends_at is not None
        and contest.voting_starts_at <= now < contest.voting_ends_at
    )


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _watch_burst(entry: Entry, contest: Contest, now: datetime) -> None:
    """Count the vote in the entry's minute (in the shared cache); past the
    threshold, record the burst once per entry and minute."""
    minute = _minute(now)
    key = f"contests:votes:{entry.pk}:{minute:%Y%m%d%H%M}"
    if cache.add(key, 1, 120):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, 120)
            count = 1
    if count != contest.burst_threshold + 1:
        return
    burst, created = VoteBurst.objects.get_or_create(
        entry=entry, window_start=minute, defaults={"contest": contest}
    )
    if created:
        Entry.objects.filter(pk=entry.pk).update(flagged=True)
        audit_record(
            actor=actors.BURST_WATCH,
            action=AuditAction.BURST_DETECT,
            target=burst,
            unit_path=contest.unit.path,
            data={"entry": entry.pk, "threshold": contest.burst_threshold},
        )


@transaction.atomic
def vote_cast(*, actor: Actor, entry: Entry, member: Member) -> Vote:
    """The member's vote for `entry`. Refuses a second vote for the same
    entry (AlreadyVoted, also when two arrive at once), a closed vote, an
    entry not in the contest, the member's own photo, and a member voting
    faster than MEMBER_VOTE_RATE."""
    if not acts_for_member(actor=actor, member=member):
        raise PermissionDenied("Chỉ đoàn viên tự bình chọn.")
    contest = entry.contest
    now = timezone.now()
    if not voting_open(contest, now=now) or entry.status != EntryStatus.APPROVED:
        raise VotingClosed()
    if entry.member_id == member.pk:
        raise OwnEntryVote()
    if not is_eligible(contest, member):
        raise NotEligible()
    if rate_limited("contests.vote", str(member.pk), MEMBER_VOTE_RATE):
        raise VoteRateLimited()
    try:
        with transaction.atomic():
            vote = Vote.objects.create(contest=contest, entry=entry, member=member)
    except IntegrityError as exc:
        raise AlreadyVoted() from exc
    audit_record(
        actor=actor,
        action=AuditAction.VOTE_CAST,
        target=vote,
        unit_path=member.unit_path,
        data={"entry": entry.pk},
    )
    _watch_burst(entry, contest, now)
    return vote


@transaction.atomic
def burst_dismiss(*, actor: Actor, burst: VoteBurst) -> VoteBurst:
    """An officer looked at the burst and found nothing wrong (a unit that
    voted together after a meeting); the entry is unflagged when no other
    burst of it waits."""
    current = (
        VoteBurst.objects.select_for_update(no_key=True)
        .select_related("contest__unit")
        .get(pk=burst.pk)
    )
    require_officer(actor=actor, contest=current.contest)
    current.status = BurstStatus.DISMISSED
    current.decided_by = actor_user(actor)
    current.save(update_fields=["status", "decided_by"])
    if not VoteBurst.objects.filter(entry_id=current.entry_id, status=BurstStatus.OPEN).exists():
        Entry.objects.filter(pk=current.entry_id).update(flagged=False)
    audit_record(
        actor=actor,
        action=AuditAction.BURST_DISMISS,
        target=current,
        unit_path=current.contest.unit.path,
    )
    return current
