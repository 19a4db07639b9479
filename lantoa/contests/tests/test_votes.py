"""Public votes: one per member and entry, not for one's own photo, only
while voting is open, rate limits, bursts."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lantoa.contests.choices import BurstStatus
from lantoa.contests.exceptions import (
    AlreadyVoted,
    NotEligible,
    OwnEntryVote,
    VoteRateLimited,
    VotingClosed,
)
from lantoa.contests.models import Entry, Vote, VoteBurst
from lantoa.contests.services import votes
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import contest_approved, entry_approved, send
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def photo(contest, author):
    return Entry.objects.select_related("contest__unit").get(pk=entry_approved(contest, author).pk)


def voter(unit, n=0):
    return MemberFactory(unit=unit, user=UserFactory(username=f"voter-{unit.code}-{n}"))


def test_one_vote_per_member_and_entry(photo, tree):
    member = voter(tree.sibling)
    votes.vote_cast(actor=member.user, entry=photo, member=member)
    with pytest.raises(AlreadyVoted):
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    assert Vote.objects.filter(entry=photo).count() == 1
    assert AuditLogEntry.objects.filter(action="contests.vote_cast").count() == 1


def test_no_vote_for_ones_own_photo(photo, author):
    with pytest.raises(OwnEntryVote):
        votes.vote_cast(actor=author.user, entry=photo, member=author)
    assert Vote.objects.count() == 0


def test_no_vote_outside_the_voting_window_or_for_a_photo_not_approved(tree, author):
    closed = contest_approved(tree.parent, voting=False)
    entry = entry_approved(closed, author)
    member = voter(tree.sibling)
    with pytest.raises(VotingClosed):
        votes.vote_cast(actor=member.user, entry=entry, member=member)
    open_contest = contest_approved(tree.parent, title="Cuộc thi khác")
    waiting = send(open_contest, author)
    with pytest.raises(VotingClosed):
        votes.vote_cast(actor=member.user, entry=waiting, member=member)
    assert Vote.objects.count() == 0


def test_members_outside_the_contest_do_not_vote(photo, tree):
    member = voter(tree.uncle)
    with pytest.raises(NotEligible):
        votes.vote_cast(actor=member.user, entry=photo, member=member)


def test_a_member_voting_faster_than_a_person_is_stopped(contest, tree):
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"tg-{n}") for n in range(31)]
    photos = [entry_approved(contest, a, title=f"Ảnh {n}") for n, a in enumerate(authors)]
    member = voter(tree.unit)
    for photo in photos[:30]:
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    with pytest.raises(VoteRateLimited):
        votes.vote_cast(actor=member.user, entry=photos[30], member=member)
    assert Vote.objects.filter(member=member).count() == 30


def test_a_burst_of_votes_is_recorded_once_and_flags_the_entry(tree, author):
    contest = contest_approved(tree.parent, burst_threshold=3)
    photo = entry_approved(contest, author)
    for n in range(6):
        member = voter(tree.sibling, n)
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    burst = VoteBurst.objects.get()
    assert (burst.entry, burst.status) == (photo, BurstStatus.OPEN)
    assert burst.window_start.second == 0
    photo.refresh_from_db()
    assert photo.flagged is True
    assert Vote.objects.filter(entry=photo).count() == 6  # the votes stay counted
    detected = AuditLogEntry.objects.get(action="contests.burst_detect")
    assert detected.actor_name == "contests.burst_watch"
    from lantoa.core.actors import SYSTEM

    votes.burst_dismiss(actor=SYSTEM, burst=burst)
    photo.refresh_from_db()
    assert photo.flagged is False


def test_voting_on_the_page(photo, client, tree):
    member = voter(tree.sibling)
    client.force_login(member.user)
    detail = reverse("contests:detail", args=[photo.contest.public_id])
    page = client.get(detail).content.decode()
    assert reverse("contests:vote", args=[photo.contest.public_id, photo.public_id]) in page
    assert photo.member.full_name not in page  # no author beside a photo to vote for
    response = client.post(
        reverse("contests:vote", args=[photo.contest.public_id, photo.public_id])
    )
    assert response.status_code == 303
    assert Vote.objects.filter(entry=photo, member=member).count() == 1
    again = client.post(
        reverse("contests:vote", args=[photo.contest.public_id, photo.public_id]), follow=True
    )
    assert "Bạn đã bình chọn cho ảnh này." in again.content.decode()
    assert Vote.objects.filter(entry=photo).count() == 1
    assert "Đã bình chọn" in client.get(detail).content.decode()


def test_voting_closed_after_its_end(photo, tree):
    photo.contest.voting_ends_at = timezone.now() - dt.timedelta(minutes=1)
    photo.contest.save(update_fields=["voting_ends_at"])
    member = voter(tree.sibling)
    with pytest.raises(VotingClosed):
        votes.vote_cast(actor=member.user, entry=photo, member=member)


def test_a_vote_is_one_transaction_of_two_inserts(photo, tree):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import prefetch_related_objects
    from django.test.utils import CaptureQueriesContext

    member = voter(tree.sibling)
    prefetch_related_objects([photo.contest], "eligible_units")  # as loaded once per page
    ContentType.objects.get_for_model(Vote)  # a process looks it up once
    with CaptureQueriesContext(connection) as queries:
        votes.vote_cast(actor=member.user, entry=photo, member=member)
    statements = [q["sql"].split()[0:3] for q in queries.captured_queries]
    # Inside the test's own transaction the vote's transaction is a savepoint.
    assert [s[0] for s in statements] == ["SAVEPOINT", "INSERT", "INSERT", "RELEASE"]
    assert [s[2].strip('"') for s in statements[1:3]] == ["contests_vote", "core_auditlogentry"]


def test_a_double_tap_is_taken_back_from_the_minute_count(tree, author):
    contest = contest_approved(tree.parent, burst_threshold=2)
    photo = Entry.objects.select_related("contest__unit").get(pk=entry_approved(contest, author).pk)
    first, second = voter(tree.sibling, 1), voter(tree.sibling, 2)
    votes.vote_cast(actor=first.user, entry=photo, member=first)
    for _ in range(3):
        with pytest.raises(AlreadyVoted):
            votes.vote_cast(actor=first.user, entry=photo, member=first)
    votes.vote_cast(actor=second.user, entry=photo, member=second)
    assert not VoteBurst.objects.exists()  # two votes counted, not five
    third = voter(tree.sibling, 3)
    votes.vote_cast(actor=third.user, entry=photo, member=third)
    assert VoteBurst.objects.get().entry == photo
