"""Reads of the photo contest with rules: what a member may see and vote
for, what a juror may see (never an author, never their own unit's photos),
the winners, and what officers watch (docs/subsystems/contests.md)."""

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, QuerySet
from django.utils import timezone

from lantoa.contests import vote_queue
from lantoa.contests.choices import BurstStatus, ContestState, EntryStatus, RoundState
from lantoa.contests.models import Contest, ContestPage, Entry, Juror, Round, Score, Vote
from lantoa.core.actors import Actor
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member

GALLERY_PAGE_SIZE = 24


def _eligible(contest: Contest, member: Member) -> bool:
    paths = [u.path for u in contest.eligible_units.all()] or [contest.unit.path]
    return any(member.unit_path.startswith(p) for p in paths)


def contests_for_member(member: Member) -> list[Contest]:
    """Approved contests open to the member's unit (or where they sent a
    photo or sit on the jury), newest first."""
    contests = (
        Contest.objects.filter(state=ContestState.APPROVED)
        .select_related("unit")
        .prefetch_related("eligible_units")
        .order_by("-entries_open_on", "-id")
    )
    involved = set(
        Entry.objects.filter(member=member, contest__in=contests).values_list(
            "contest_id", flat=True
        )
    ) | set(Juror.objects.filter(member=member).values_list("contest_id", flat=True))
    return [c for c in contests if c.pk in involved or _eligible(c, member)]


def contest_for_member(member: Member, public_id: Any) -> Contest | None:
    """An approved contest the member may see; None otherwise."""
    contest = (
        Contest.objects.filter(public_id=public_id, state=ContestState.APPROVED)
        .select_related("unit")
        .first()
    )
    if contest is None:
        return None
    if _eligible(contest, member) or Juror.objects.filter(contest=contest, member=member).exists():
        return contest
    return None


def member_entries(contest: Contest, member: Member) -> list[Entry]:
    return list(Entry.objects.filter(contest=contest, member=member).order_by("created_at", "id"))


def gallery_entries(
    contest: Contest, *, member: Member, page: int = 1, per_page: int = GALLERY_PAGE_SIZE
) -> tuple[list[Entry], set[int], bool]:
    """One page of the approved photos (oldest first, so that a photo keeps
    its place), the ids among them the member voted for, and whether more
    follow. Two queries; no author on the page (credits come with results)."""
    page = max(1, page)
    offset = (page - 1) * per_page
    rows = list(
        Entry.objects.filter(contest=contest, status=EntryStatus.APPROVED)
        .only("id", "public_id", "title", "description", "location", "member_id", "contest_id")
        .order_by("created_at", "id")[offset : offset + per_page + 1]
    )
    more = len(rows) > per_page
    rows = rows[:per_page]
    ids = [e.pk for e in rows]
    # Votes still in the vote queue count too: the member sees their own vote at once.
    voted = set(
        Vote.objects.filter(member=member, entry__in=ids).values_list("entry_id", flat=True)
    ) | (vote_queue.claimed(contest.pk, member.pk) & set(ids))
    return rows, voted, more


def entry_for_vote(contest: Contest, public_id: Any) -> Entry | None:
    return (
        Entry.objects.filter(contest=contest, public_id=public_id)
        .select_related("contest__unit")
        .first()
    )


def entry_of_member(member: Member, public_id: Any) -> Entry | None:
    return (
        Entry.objects.filter(member=member, public_id=public_id)
        .select_related("contest__unit")
        .first()
    )


def winners(contest: Contest) -> list[Entry]:
    """The published winners, best first (nothing before publication)."""
    if contest.results_published_at is None:
        return []
    return list(
        Entry.objects.filter(
            contest=contest,
            status=EntryStatus.APPROVED,
            rank__isnull=False,
            rank__lte=contest.winners_count,
        )
        .select_related("unit")
        .order_by("rank")
    )


# ---- the jury --------------------------------------------------------------------


@dataclass(frozen=True)
class JuryRound:
    round: Round
    juror: Juror
    entries: int
    scored: int


def _conflict_free(qs: QuerySet[Entry], juror: Juror) -> QuerySet[Entry]:
    """The entries a juror may see: never their own nor their unit's subtree's."""
    return qs.exclude(member_id=juror.member_id).exclude(unit_path__startswith=juror.unit_path)


def round_entries_qs(round_: Round) -> QuerySet[Entry]:
    return Entry.objects.filter(
        contest_id=round_.contest_id,
        status=EntryStatus.APPROVED,
        round_reached__gte=round_.number,
    )


def jury_rounds_for(user: Actor) -> list[JuryRound]:
    """The open rounds of every contest where `user` (a member's account)
    sits on the jury, with how many photos they may score and have scored."""
    if not getattr(user, "is_authenticated", False):
        return []
    jurors = list(
        Juror.objects.filter(
            member__user_id=cast(int, user.pk), contest__state=ContestState.APPROVED
        ).select_related("contest", "member")
    )
    result: list[JuryRound] = []
    for juror in jurors:
        for round_ in Round.objects.filter(contest=juror.contest, state=RoundState.OPEN):
            round_.contest = juror.contest
            visible = _conflict_free(round_entries_qs(round_), juror)
            scored = Score.objects.filter(
                round=round_, juror=juror, entry__in=visible.values("id")
            ).count()
            result.append(JuryRound(round_, juror, visible.count(), scored))
    return result


def jury_round_for(user: Actor, public_id: Any) -> JuryRound | None:
    """One open round the caller judges; None when they do not (or it is closed)."""
    for jury_round in jury_rounds_for(user):
        if str(jury_round.round.public_id) == str(public_id):
            return jury_round
    return None


@dataclass(frozen=True)
class BlindEntry:
    """What a juror sees of an entry: no author, no unit, no credit."""

    public_id: Any
    title: str
    description: str
    location: str
    my_score: int | None
    my_note: str


def blind_entries(jury_round: JuryRound) -> list[BlindEntry]:
    """The photos of the round the juror may score, in a fixed order of
    their public ids (not the order they were sent, which could hint at an
    author), with the juror's scores. Two queries."""
    entries = list(
        _conflict_free(round_entries_qs(jury_round.round), jury_round.juror)
        .only("id", "public_id", "title", "description", "location")
        .order_by("public_id")
    )
    mine = {
        s.entry_id: s
        for s in Score.objects.filter(
            round=jury_round.round, juror=jury_round.juror, entry__in=[e.pk for e in entries]
        )
    }
    return [
        BlindEntry(
            public_id=e.public_id,
            title=e.title,
            description=e.description,
            location=e.location,
            my_score=mine[e.pk].score if e.pk in mine else None,
            my_note=mine[e.pk].note if e.pk in mine else "",
        )
        for e in entries
    ]


def jury_entry(jury_round: JuryRound, public_id: Any) -> Entry | None:
    """An entry of the round the juror may score (None for their own unit's)."""
    return (
        _conflict_free(round_entries_qs(jury_round.round), jury_round.juror)
        .filter(public_id=public_id)
        .first()
    )


# ---- images ------------------------------------------------------------------------


def entry_image_readable(entry: Entry, user: Actor) -> bool:
    """Who may see a photo: anyone once it won (results published); the
    author; officers of the organising unit; members of the eligible units
    while it is approved; a juror of the contest unless it is their unit's."""
    contest = entry.contest
    if (
        contest.results_published_at is not None
        and entry.rank is not None
        and entry.rank <= contest.winners_count
        and entry.status == EntryStatus.APPROVED
    ):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if scoping.user_can(user, Perm.CONTENT_EDIT, contest.unit):
        return True
    member = Member.objects.filter(user_id=cast(int, user.pk)).first()
    if member is None:
        return False
    if entry.member_id == member.pk:
        return True
    if entry.status != EntryStatus.APPROVED or contest.state != ContestState.APPROVED:
        return False
    juror = Juror.objects.filter(contest=contest, member=member).first()
    if juror is not None:
        return not (entry.unit_path.startswith(juror.unit_path))
    return _eligible(contest, member)


def entry_by_public_id(public_id: Any) -> Entry | None:
    return Entry.objects.filter(public_id=public_id).select_related("contest__unit").first()


# ---- officers ------------------------------------------------------------------------


def round_progress(round_: Round) -> dict[str, int]:
    """How many entries are in the round and how many scores were given."""
    return {
        "entries": round_entries_qs(round_).count(),
        "scores": Score.objects.filter(round=round_).count(),
    }


def contest_counts(contest: Contest) -> dict[str, int]:
    """Entries by status, votes and open bursts: the officers' summary. One query each."""
    by_status = dict(
        Entry.objects.filter(contest=contest)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "submitted": by_status.get(EntryStatus.SUBMITTED, 0),
        "approved": by_status.get(EntryStatus.APPROVED, 0),
        "rejected": by_status.get(EntryStatus.REJECTED, 0),
        "votes": Vote.objects.filter(contest=contest).count(),
        "bursts": contest.bursts.filter(status=BurstStatus.OPEN).count(),
    }


def ranked_entries(contest: Contest, *, limit: int = 50) -> list[Entry]:
    return list(
        Entry.objects.filter(contest=contest, rank__isnull=False)
        .select_related("member", "unit")
        .order_by("rank")[:limit]
    )


def voting_is_open(contest: Contest) -> bool:
    now = timezone.now()
    return bool(
        contest.state == ContestState.APPROVED
        and contest.voting_starts_at
        and contest.voting_ends_at
        and contest.voting_starts_at <= now < contest.voting_ends_at
    )


def entries_open(contest: Contest) -> bool:
    today = timezone.localdate()
    return (
        contest.state == ContestState.APPROVED
        and contest.entries_open_on <= today <= contest.entries_close_on
    )


# ---- public ----------------------------------------------------------------------------


def public_contest_context(page: ContestPage) -> dict[str, Any]:
    """What the gallery page shows: the contest and its winners with their
    credits (published results only)."""
    contest = Contest.objects.select_related("unit").get(pk=page.contest_id)
    home = page.get_parent().specific
    nav = list(home.get_children().live().public().in_menu().order_by("path"))
    return {
        "contest": contest,
        "winners": winners(contest),
        "site_home": home,
        "nav_sections": nav,
    }
