"""Public votes: a signed-in member of an eligible unit votes for approved
entries while voting is open, once per entry (the database's unique
constraint decides between two votes at the same instant), not for their own
photo, and not faster than a member can look at photos. More votes for one
entry within a minute than the contest's threshold is a burst: recorded for
the officers, the entry flagged; the votes stay counted until they decide.

With a vote queue (`LANTOA_CONTESTS_VOTE_QUEUE`) a vote is stored first and
processed after: one Redis script refuses a second vote at once, counts the
minute and queues the record, and `votes_drain` writes the rows and their
audit entries in batches (lantoa/contests/vote_queue.py). Results drain the
queue first; the officers' counts show the stored votes (seconds behind)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.contests import actors, vote_queue
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
from lantoa.core.actors import Actor, actor_user, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.ratelimit import parse_rate, rate_limited_and_counted, uncount
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


def _burst_record(entry: Entry, contest: Contest, minute: datetime) -> None:
    """The entry passed the contest's threshold in `minute`: record the burst
    (once per entry and minute) and flag the entry."""
    with transaction.atomic():
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


def vote_cast(*, actor: Actor, entry: Entry, member: Member) -> Vote:
    """The member's vote for `entry`. Refuses a second vote for the same
    entry (AlreadyVoted, also when two arrive at once), a closed vote, an
    entry not in the contest, the member's own photo, and a member voting
    faster than MEMBER_VOTE_RATE.

    The member's rate limit and the entry's vote count in the current minute
    (the burst watch) are one cache round trip before the vote; the vote row
    and its audit entry are one transaction; a vote refused by the unique
    constraint is taken back from the minute's count.

    With the vote queue: the same refusals, the checks on the cache alone
    (the queue's Redis holds the member's claim on the photo), and the vote
    returned unsaved — its row and audit entry come with the next drain."""
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
    minute = _minute(now)
    if (queue := vote_queue.queue()) is not None:
        return _vote_queued(queue, actor=actor, entry=entry, member=member, now=now, minute=minute)
    hit = rate_limited_and_counted(
        "contests.vote",
        str(member.pk),
        MEMBER_VOTE_RATE,
        counter=f"contests:votes:{entry.pk}:{minute:%Y%m%d%H%M}",
        counter_ttl=120,
        over=contest.burst_threshold,
    )
    if hit.limited:
        raise VoteRateLimited()
    try:
        with transaction.atomic():
            try:
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
    except BaseException:
        uncount(hit)
        raise
    if hit.first_over:
        _burst_record(entry, contest, minute)
    return vote


def _vote_queued(
    queue: object, *, actor: Actor, entry: Entry, member: Member, now: datetime, minute: datetime
) -> Vote:
    contest = entry.contest
    user_id = actor_user_id(actor)
    if user_id is None:  # acts_for_member let a person through
        raise PermissionDenied("Chỉ đoàn viên tự bình chọn.")
    cast = vote_queue.cast(
        queue,
        member=member,
        entry=entry,
        user_id=user_id,
        now=now,
        minute=minute,
        rate=parse_rate(MEMBER_VOTE_RATE),
        burst_threshold=contest.burst_threshold,
        claim_until=contest.voting_ends_at or now,  # set: voting is open
    )
    if cast.outcome == vote_queue.RATE_LIMITED:
        raise VoteRateLimited()
    if cast.outcome == vote_queue.ALREADY_VOTED:
        raise AlreadyVoted()
    if cast.first_over:
        _burst_record(entry, contest, minute)
    return Vote(contest=contest, entry=entry, member=member, created_at=now)


def votes_drain(*, wait: float = 0.0) -> int:
    """Store the queued votes (see vote_queue.votes_drain); 0 without a queue."""
    return vote_queue.votes_drain(wait=wait)


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
