"""The contest in the back office: lists, the contest screen and its actions."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from lantoa.contests.choices import EntryStatus, RoundState
from lantoa.contests.models import Juror, Round
from lantoa.contests.tests.factories import send
from lantoa.org import services as org_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, people):
    org_services.sync_admin_access(people.officer)
    client.force_login(people.officer)
    return client


def test_the_officer_runs_rounds_and_the_jury_from_the_contest_screen(
    officer_client, contest, juror_kvt
):
    detail = reverse("contests_contests:detail", args=[contest.pk])
    action = reverse("contests_contests:action", args=[contest.pk])
    assert officer_client.get(reverse("contests_contests:index")).status_code == 200
    assert "Vòng chấm" in officer_client.get(detail).content.decode()
    officer_client.post(
        action,
        {"action": "round_create", "title": "Vòng sơ khảo", "blind": "on", "advance_count": "10"},
    )
    round_ = Round.objects.get()
    assert (round_.number, round_.blind, round_.advance_count) == (1, True, 10)
    officer_client.post(action, {"action": "juror_appoint", "code": juror_kvt.employee_code})
    assert Juror.objects.get().member == juror_kvt
    officer_client.post(action, {"action": "round_open", "round": round_.pk})
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN
    page = officer_client.get(detail).content.decode()
    assert "Lê Minh Tâm" in page
    assert "Kết thúc vòng" in page


def test_an_officer_cannot_publish_results(officer_client, contest):
    response = officer_client.post(
        reverse("contests_contests:action", args=[contest.pk]), {"action": "publish"}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    contest.refresh_from_db()
    assert contest.results_published_at is None


def test_moderating_a_photo(officer_client, contest, author):
    entry = send(contest, author)
    url = reverse("contests_entries:moderate", args=[entry.pk])
    page = officer_client.get(url).content.decode()
    assert "Nguyễn Thị Lan" in page  # officers moderating see the author
    assert officer_client.get(reverse("contests_entries:index")).status_code == 200
    officer_client.post(url, {"decision": "approve"})
    entry.refresh_from_db()
    assert (entry.status, entry.round_reached) == (EntryStatus.APPROVED, 1)


def test_the_contest_form_names_its_title_as_a_photo_contests_in_both_languages(
    officer_client, people
):
    url = reverse("contests_contests:add")
    assert "Tên cuộc thi ảnh" in officer_client.get(url).content.decode()
    profile = UserProfile.get_for_user(people.officer)
    profile.preferred_language = "en"
    profile.save()
    page = officer_client.get(url).content.decode()
    assert "Photo contest title" in page
    assert "Quiz title" not in page
