"""The jury: blind rounds (no author in HTML nor API), never a juror's own
unit, rounds that move the best photos on."""

import pytest
from django.urls import reverse

from lantoa.contests.choices import RoundState
from lantoa.contests.exceptions import JurorOwnUnit, NotJuror, RoundNotOpen, ScoreInvalid
from lantoa.contests.models import Entry, Score
from lantoa.contests.services import jury
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import entry_approved, juror, open_round
from lantoa.core.actors import SYSTEM
from lantoa.core.api.testing import bearer_headers
from lantoa.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(contest, author, sibling_author, juror_kvt):
    """Two photos (Khí Vũng Tàu's and Khí Cà Mau's), a juror of Khí Vũng
    Tàu, round 1 open."""
    own = entry_approved(contest, author, title="Bình minh Kho cảng", credit="Ảnh: Nguyễn Thị Lan")
    other = entry_approved(
        contest, sibling_author, title="Ca đêm Cà Mau", credit="Ảnh: Phạm Văn Đức"
    )
    seat = juror(contest, juror_kvt)
    round_ = open_round(contest)
    return own, other, seat, round_


def test_a_juror_cannot_score_their_own_units_photo(setting, juror_kvt):
    own, other, _seat, round_ = setting
    with pytest.raises(JurorOwnUnit):
        jury.score_submit(actor=juror_kvt.user, round_=round_, entry=own, score=9)
    assert Score.objects.count() == 0
    saved = jury.score_submit(actor=juror_kvt.user, round_=round_, entry=other, score=8)
    assert (saved.entry, saved.score) == (other, 8)


def test_a_juror_of_an_upper_unit_never_scores_photos_from_below_it(contest, tree, author):
    entry = entry_approved(contest, author)
    upper = member_with_account(tree.parent, "Đỗ Văn Hải", "giamkhao-hai")
    juror(contest, upper)
    round_ = open_round(contest)
    with pytest.raises(JurorOwnUnit):
        jury.score_submit(actor=upper.user, round_=round_, entry=entry, score=5)


def test_the_juror_page_hides_authors_and_their_own_unit(setting, client, juror_kvt):
    _own, other, _seat, round_ = setting
    client.force_login(juror_kvt.user)
    html = client.get(reverse("contests:jury", args=[round_.public_id])).content.decode()
    assert "Ca đêm Cà Mau" in html
    assert str(other.public_id) in html
    for hidden in ("Phạm Văn Đức", "Khí Cà Mau", "Bình minh Kho cảng", "Nguyễn Thị Lan"):
        assert hidden not in html, hidden


def test_the_jury_api_hides_authors_and_their_own_unit(setting, client, juror_kvt):
    _own, other, _seat, round_ = setting
    headers = bearer_headers(juror_kvt.user)
    response = client.get("/api/v1/jury/entries/", {"round": round_.public_id}, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert [e["public_id"] for e in body] == [str(other.public_id)]
    assert set(body[0]) == {
        "public_id",
        "title",
        "description",
        "location",
        "image_url",
        "my_score",
        "my_note",
    }
    for hidden in ("Phạm Văn Đức", 'Cà Mau"', "Nguyễn Thị Lan", "credit", "unit", "member"):
        assert hidden not in response.content.decode(), hidden


def test_scoring_through_the_api_refuses_the_jurors_own_unit(setting, client, juror_kvt):
    own, other, _seat, round_ = setting
    headers = bearer_headers(juror_kvt.user)
    refused = client.post(
        "/api/v1/jury/scores/",
        {"round": str(round_.public_id), "entry": str(own.public_id), "score": 10},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 404
    assert Score.objects.count() == 0
    saved = client.post(
        "/api/v1/jury/scores/",
        {"round": str(round_.public_id), "entry": str(other.public_id), "score": 7, "note": "Đẹp"},
        content_type="application/json",
        headers=headers,
    )
    assert (saved.status_code, saved.json()) == (
        200,
        {"entry": str(other.public_id), "score": 7, "note": "Đẹp"},
    )
    rounds = client.get("/api/v1/jury/rounds/", headers=headers).json()
    assert [(r["entries"], r["scored"], r["blind"]) for r in rounds] == [(1, 1, True)]


def test_scoring_on_the_page_refuses_the_jurors_own_unit(setting, client, juror_kvt):
    own, other, _seat, round_ = setting
    client.force_login(juror_kvt.user)
    refused = client.post(
        reverse("contests:score", args=[round_.public_id, own.public_id]), {"score": "10"}
    )
    assert refused.status_code == 404
    client.post(reverse("contests:score", args=[round_.public_id, other.public_id]), {"score": "6"})
    assert list(Score.objects.values_list("entry_id", "score")) == [(other.pk, 6)]


def test_someone_not_on_the_jury_sees_nothing(setting, client, author):
    _own, _other, _seat, round_ = setting
    client.force_login(author.user)
    assert client.get(reverse("contests:jury", args=[round_.public_id])).status_code == 404
    api = client.get(
        "/api/v1/jury/entries/", {"round": round_.public_id}, headers=bearer_headers(author.user)
    )
    assert (api.status_code, api.json()["code"]) == (404, "not_found")


def test_a_score_out_of_range_or_in_a_closed_round_is_refused(setting, juror_kvt, author):
    _own, other, _seat, round_ = setting
    with pytest.raises(ScoreInvalid):
        jury.score_submit(actor=juror_kvt.user, round_=round_, entry=other, score=11)
    with pytest.raises(NotJuror):
        jury.score_submit(actor=author.user, round_=round_, entry=other, score=5)
    jury.round_close(actor=SYSTEM, round_=round_)
    with pytest.raises(RoundNotOpen):
        jury.score_submit(actor=juror_kvt.user, round_=round_, entry=other, score=5)


def test_closing_a_round_scores_entries_and_moves_the_best_on(contest, tree):
    authors = [member_with_account(tree.sibling, f"Tác giả {n}", f"tacgia-{n}") for n in range(4)]
    photos = [entry_approved(contest, a, title=f"Ảnh {n}") for n, a in enumerate(authors)]
    jurors = [
        member_with_account(unit, f"Giám khảo {n}", f"gk-{n}")
        for n, unit in enumerate([tree.unit, tree.uncle])
    ]
    for j in jurors:
        juror(contest, j)
    first = open_round(contest, advance_count=2)
    marks = {0: (9, 7), 1: (6, 6), 2: (8, 8), 3: (2, 4)}
    for n, photo in enumerate(photos):
        for j, mark in zip(jurors, marks[n], strict=True):
            jury.score_submit(actor=j.user, round_=first, entry=photo, score=mark)
    closed = jury.round_close(actor=SYSTEM, round_=first)
    assert closed.state == RoundState.CLOSED
    got = {e.title: (e.jury_score, e.round_reached) for e in Entry.objects.all()}
    assert {k: (str(v[0]), v[1]) for k, v in got.items()} == {
        "Ảnh 0": ("80.00", 2),
        "Ảnh 1": ("60.00", 1),
        "Ảnh 2": ("80.00", 2),
        "Ảnh 3": ("30.00", 1),
    }
    entry = AuditLogEntry.objects.get(action="contests.round_close")
    assert entry.data == {"entries": 4, "scored": 4, "advanced": 2}
    second = open_round(contest, title="Vòng chung khảo")
    assert second.number == 2
    finalists = Entry.objects.filter(round_reached__gte=second.number).order_by("title")
    assert [e.title for e in finalists] == ["Ảnh 0", "Ảnh 2"]
