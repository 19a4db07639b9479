"""Public votes through the Redis vote queue: checked and queued in one
script, stored by the drain exactly once (also when a drain dies after its
commit), the member's own vote shown at once, results drained first."""

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

from lantoa.contests import selectors, vote_queue
from lantoa.contests.exceptions import AlreadyVoted, VoteRateLimited, VotesPending
from lantoa.contests.models import Entry, Vote, VoteBurst
from lantoa.contests.services import jury, results, votes
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import contest_approved, entry_approved, juror, open_round
from lantoa.core import write_queue
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def photo_of(contest, author, title="Bình minh trên giàn khoan"):
    return Entry.objects.select_related("contest__unit").get(
        pk=entry_approved(contest, author, title=title).pk
    )


def voter(unit, n=0):
    return MemberFactory(unit=unit, user=UserFactory(username=f"q-voter-{unit.code}-{n}"))


def test_a_queued_vote_is_shown_at_once_and_stored_once(tree, contest, author, vote_queue_on):
    photo = photo_of(contest, author)
    member = voter(tree.sibling)
    vote = votes.vote_cast(actor=member.user, entry=photo, member=member)
    assert vote.pk is None  # queued, not stored yet
    assert not Vote.objects.exists()
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 1
    _rows, voted, _more = selectors.gallery_entries(contest, member=member)
    assert voted == {photo.pk}  # the member sees their own vote before the drain
    assert votes.votes_drain() == 1
    stored = Vote.objects.get()
    assert (stored.entry_id, stored.member_id, stored.contest_id) == (
        photo.pk,
        member.pk,
        contest.pk,
    )
    audit = AuditLogEntry.objects.get(action="contests.vote_cast")
    assert (audit.actor_id, audit.target_id, audit.unit_path) == (
        member.user_id,
        str(stored.pk),
        member.unit_path,
    )
    assert audit.data["entry"] == photo.pk
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 0
    assert votes.votes_drain() == 0
    assert Vote.objects.count() == 1
    _rows, voted, _more = selectors.gallery_entries(contest, member=member)
    assert voted == {photo.pk}


def test_a_double_tap_is_refused_at_once_with_the_queue(tree, contest, author, vote_queue_on):
    photo = photo_of(contest, author)
    member = voter(tree.sibling)
    votes.vote_cast(actor=member.user, entry=photo, member=member)
    with pytest.raises(AlreadyVoted):
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 1
    votes.votes_drain()
    with pytest.raises(AlreadyVoted):  # also after the drain
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    assert Vote.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="contests.vote_cast").count() == 1


def test_a_drain_killed_after_its_commit_stores_nothing_twice(
    tree, contest, author, vote_queue_on, monkeypatch
):
    photo = photo_of(contest, author)
    members = [voter(tree.sibling, n) for n in range(5)]
    for member in members:
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    real_eval = vote_queue_on.eval

    def dies_before_trimming(script, *args):
        if script == write_queue._TRIM:
            raise RedisConnectionError("the drain's process died")
        return real_eval(script, *args)

    with monkeypatch.context() as patch:
        patch.setattr(vote_queue_on, "eval", dies_before_trimming)
        with pytest.raises(RedisConnectionError):
            votes.votes_drain()
    assert Vote.objects.count() == 5  # committed
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 5  # but not trimmed
    assert not vote_queue_on.exists(vote_queue.DRAIN_LOCK)  # the lock was let go
    assert votes.votes_drain(wait=1) == 5  # read again…
    assert Vote.objects.count() == 5  # …and stored nothing twice
    assert AuditLogEntry.objects.filter(action="contests.vote_cast").count() == 5
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 0


def test_a_drain_skips_votes_whose_photo_was_deleted_and_names_itself_for_a_deleted_account(
    tree, contest, author, vote_queue_on
):
    other = member_with_account(tree.sibling, "Tác giả khác", "q-other")
    kept, gone = photo_of(contest, author, "Giữ"), photo_of(contest, other, "Xóa")
    member, leaving = voter(tree.sibling, 1), voter(tree.sibling, 2)
    votes.vote_cast(actor=member.user, entry=kept, member=member)
    votes.vote_cast(actor=member.user, entry=gone, member=member)
    votes.vote_cast(actor=leaving.user, entry=kept, member=leaving)
    gone.delete()
    leaving.user.delete()
    assert votes.votes_drain() == 3
    assert sorted(Vote.objects.values_list("entry_id", "member_id")) == sorted(
        [(kept.pk, member.pk), (kept.pk, leaving.pk)]
    )
    names = sorted(
        AuditLogEntry.objects.filter(action="contests.vote_cast").values_list(
            "actor_name", "actor_id"
        )
    )
    assert names == [("", member.user_id), ("contests.votes_drain", None)]


def test_the_rate_limit_and_burst_watch_through_the_queue(tree, author, vote_queue_on):
    contest = contest_approved(tree.parent, burst_threshold=3)
    photo = photo_of(contest, author)
    for n in range(6):
        member = voter(tree.sibling, n)
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    burst = VoteBurst.objects.get()  # at the vote that passed the threshold, before any drain
    assert burst.entry_id == photo.pk
    photo.refresh_from_db()
    assert photo.flagged is True
    assert votes.votes_drain() == 6
    assert Vote.objects.filter(entry=photo).count() == 6
    fast = voter(tree.unit, 99)
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"qtg-{n}") for n in range(31)]
    photos = [photo_of(contest, a, f"Ảnh {n}") for n, a in enumerate(authors)]
    for each in photos[:30]:
        votes.vote_cast(actor=fast.user, entry=each, member=fast)
    with pytest.raises(VoteRateLimited):
        votes.vote_cast(actor=fast.user, entry=photos[30], member=fast)


def test_a_queued_vote_reads_nothing_from_the_database(
    tree, contest, author, vote_queue_on, django_assert_num_queries
):
    photo = photo_of(contest, author)
    first, second = voter(tree.sibling, 1), voter(tree.sibling, 2)
    votes.vote_cast(actor=first.user, entry=photo, member=first)  # eligible units read once
    with django_assert_num_queries(0):
        votes.vote_cast(actor=second.user, entry=photo, member=second)


def test_results_store_the_queued_votes_first(tree, vote_queue_on, monkeypatch):
    contest = contest_approved(tree.parent, jury_weight=60)
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"rtg-{n}") for n in range(2)]
    photos = [photo_of(contest, a, f"Ảnh {n}") for n, a in enumerate(authors)]
    judge = member_with_account(tree.uncle, "Giám khảo", "rgk")
    juror(contest, judge)
    round_ = open_round(contest)
    for photo in photos:
        jury.score_submit(actor=judge.user, round_=round_, entry=photo, score=5)
    jury.round_close(actor=SYSTEM, round_=round_)
    for n in range(3):
        member = voter(tree.unit, n)
        votes.vote_cast(actor=member.user, entry=photos[1], member=member)
    assert not Vote.objects.exists()
    # A drain that holds the lock and never finishes: the results refuse
    # rather than miss the votes it has not stored.
    monkeypatch.setattr(vote_queue, "RESULTS_DRAIN_WAIT", 0.2)
    vote_queue_on.set(vote_queue.DRAIN_LOCK, "another drain")
    with pytest.raises(VotesPending):
        results.results_compute(actor=SYSTEM, contest=contest)
    vote_queue_on.delete(vote_queue.DRAIN_LOCK)
    ranked = results.results_compute(actor=SYSTEM, contest=contest)
    assert [(e.title, e.vote_count, e.rank) for e in ranked] == [("Ảnh 1", 3, 1), ("Ảnh 0", 0, 2)]
    assert vote_queue_on.llen(vote_queue.QUEUE_KEY) == 0
