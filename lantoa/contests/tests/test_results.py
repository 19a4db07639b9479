"""Results mix the jury's and the public's weights; the winners' photos
become public when the organising unit publishes them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lantoa.contests.exceptions import ContestStateInvalid, ResultsNotReady
from lantoa.contests.services import jury, results, votes
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import contest_approved, entry_approved, juror, open_round
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(tree):
    """Three photos from Khí Cà Mau, one juror of BSR, five voters: jury
    90% / 50% / 70%; votes 1 / 4 / 0."""
    contest = contest_approved(tree.parent, jury_weight=60, winners_count=2)
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"tg-{n}") for n in range(3)]
    photos = [
        entry_approved(contest, a, title=f"Ảnh {n}", credit=f"Ảnh: Tác giả {n}")
        for n, a in enumerate(authors)
    ]
    judge = member_with_account(tree.uncle, "Giám khảo", "gk")
    juror(contest, judge)
    round_ = open_round(contest)
    for photo, mark in zip(photos, (9, 5, 7), strict=True):
        jury.score_submit(actor=judge.user, round_=round_, entry=photo, score=mark)
    voters = [MemberFactory(unit=tree.unit, user=UserFactory(username=f"v{n}")) for n in range(5)]
    for n, member in enumerate(voters):
        chosen = photos[0] if n == 0 else photos[1]
        votes.vote_cast(actor=member.user, entry=chosen, member=member)
    return contest, photos, round_


def test_results_wait_for_every_round(judged):
    contest, _photos, _round = judged
    with pytest.raises(ResultsNotReady):
        results.results_compute(actor=SYSTEM, contest=contest)


def test_results_mix_the_jury_and_the_public(judged):
    contest, _photos, round_ = judged
    jury.round_close(actor=SYSTEM, round_=round_)
    ranked = results.results_compute(actor=SYSTEM, contest=contest)
    # final = 0.6 × jury + 0.4 × votes / most votes
    assert [(e.title, e.vote_count, e.final_score, e.rank) for e in ranked] == [
        ("Ảnh 1", 4, Decimal("70.00"), 1),  # 0.6×50 + 0.4×100
        ("Ảnh 0", 1, Decimal("64.00"), 2),  # 0.6×90 + 0.4×25
        ("Ảnh 2", 0, Decimal("42.00"), 3),  # 0.6×70
    ]
    again = results.results_compute(actor=SYSTEM, contest=contest)
    assert [(e.pk, e.final_score) for e in again] == [(e.pk, e.final_score) for e in ranked]


def test_the_winners_photos_become_public_once_the_approver_publishes(judged, client, people):
    contest, photos, round_ = judged
    jury.round_close(actor=SYSTEM, round_=round_)
    results.results_compute(actor=SYSTEM, contest=contest)
    winner_url = reverse("contests:image", args=[photos[1].public_id])
    third_url = reverse("contests:image", args=[photos[2].public_id])
    assert client.get(winner_url).status_code == 404
    with pytest.raises(PermissionDenied):
        results.results_publish(actor=people.officer, contest=contest)
    results.results_publish(actor=people.approver, contest=contest)
    response = client.get(winner_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(third_url).status_code == 404  # not among the 2 winners


def test_publishing_needs_computed_results(contest, people):
    with pytest.raises(ContestStateInvalid):
        results.results_publish(actor=people.approver, contest=contest)


def test_a_photo_waiting_for_moderation_is_seen_by_its_author_and_officers_only(
    contest, author, sibling_author, people, client
):
    from lantoa.contests.tests.factories import send

    entry = send(contest, author)
    url = reverse("contests:image", args=[entry.public_id])
    assert client.get(url).status_code == 404
    client.force_login(sibling_author.user)
    assert client.get(url).status_code == 404
    client.force_login(author.user)
    assert client.get(url).status_code == 200
    client.force_login(people.officer)
    assert client.get(url).status_code == 200
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404
