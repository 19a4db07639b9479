"""50 members vote at the same instant on PostgreSQL, each for three photos
and each twice for the first: every vote is counted once, none is lost —
written directly, and through the vote queue with a drain running beside
the voters."""

import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection

from lantoa.contests.exceptions import AlreadyVoted
from lantoa.contests.models import Entry, Vote
from lantoa.contests.services import votes
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import contest_approved, entry_approved
from lantoa.core.models import AuditLogEntry
from lantoa.core.testing import require_postgresql
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 50


@pytest.mark.postgres
@pytest.mark.parametrize("queued", [False, True], ids=["direct", "queued"])
def test_fifty_parallel_voters_lose_nothing_and_count_nothing_twice(tree, request, queued):
    require_postgresql()
    if queued:
        request.getfixturevalue("vote_queue_on")
    cache.clear()
    contest = contest_approved(tree.parent, burst_threshold=10_000)
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"tg-{n}") for n in range(3)]
    photos = [
        Entry.objects.select_related("contest__unit").get(
            pk=entry_approved(contest, a, title=f"Ảnh {n}").pk
        )
        for n, a in enumerate(authors)
    ]
    members = [
        MemberFactory(unit=tree.unit, user=UserFactory(username=f"cu-tri-{n}"))
        for n in range(VOTERS)
    ]
    start = threading.Barrier(VOTERS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def vote(member):
        try:
            start.wait()
            # The first photo twice (a double tap), then the two others.
            for photo in (photos[0], photos[0], photos[1], photos[2]):
                try:
                    votes.vote_cast(actor=member.user, entry=photo, member=member)
                    result = "counted"
                except AlreadyVoted:
                    result = "refused"
                with lock:
                    outcomes[result] += 1
        finally:
            connection.close()

    voting = True
    drained = []

    def drain():
        # The periodic drain, running while the votes arrive.
        try:
            while voting:
                drained.append(votes.votes_drain(wait=5))
                time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(m,)) for m in members]
    drainer = threading.Thread(target=drain)
    if queued:
        drainer.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    voting = False
    if queued:
        drainer.join()
        drained.append(votes.votes_drain(wait=5))
        assert sum(drained) == VOTERS * 3  # every queued record read once after its commit

    assert outcomes == Counter({"counted": VOTERS * 3, "refused": VOTERS})
    per_photo = Counter(Vote.objects.values_list("entry_id", flat=True))
    assert per_photo == {photos[0].pk: VOTERS, photos[1].pk: VOTERS, photos[2].pk: VOTERS}
    assert Vote.objects.values("entry_id", "member_id").distinct().count() == VOTERS * 3
    assert AuditLogEntry.objects.filter(action="contests.vote_cast").count() == VOTERS * 3
