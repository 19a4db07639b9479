"""Vietnamese whatever the browser says; English only by an explicit choice
(the switch on public pages, a user's preference); booleans and relative dates
in the chosen language."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from lantoa.core.dates import relative_to_now
from lantoa.core.ui import YesNoDisplay

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _html_lang(response) -> str:
    return re.search(r'<html[^>]* lang="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def officer(db, wagtail_base):
    return get_user_model().objects.create_superuser(
        username="can-bo", email="canbo@example.vn", password="x" * 12
    )


def test_an_english_browser_gets_the_admin_in_vietnamese(client, officer):
    client.force_login(officer)

    response = client.get("/admin/", **ENGLISH_BROWSER)

    assert response.status_code == 200
    assert _html_lang(response) == "vi"
    assert response["Content-Language"] == "vi"
    assert "Dashboard" not in response.content.decode()


def test_an_english_browser_gets_the_login_page_in_vietnamese(client, db):
    response = client.get("/admin/login/", **ENGLISH_BROWSER)

    assert _html_lang(response) == "vi"
    assert "Sign in" not in response.content.decode()


def test_a_user_who_chose_english_gets_the_admin_in_english(client, officer):
    UserProfile.get_for_user(officer).__class__.objects.filter(user=officer).update(
        preferred_language="en"
    )
    client.force_login(officer)

    response = client.get("/admin/")

    assert _html_lang(response) == "en"


def test_the_switch_sets_a_cookie_and_goes_back(client, db):
    response = client.get("/ngon-ngu/en/?next=/don-vi/")

    assert response.status_code == 302
    assert response["Location"] == "/don-vi/"
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["samesite"] == "Lax"


def test_the_switch_goes_nowhere_else(client, db):
    response = client.get("/ngon-ngu/en/?next=https://evil.example.com/")

    assert response["Location"] == "/"


def test_an_unknown_language_falls_back_to_vietnamese(client, db):
    response = client.get("/ngon-ngu/fr/?next=/don-vi/")

    assert response.cookies["django_language"].value == "vi"


def test_the_cookie_beats_the_browser_on_public_pages(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/don-vi/", HTTP_ACCEPT_LANGUAGE="vi")

    assert _html_lang(response) == "en"
    assert "Cookie" in response["Vary"]


def test_public_pages_ignore_the_browser(client, db):
    response = client.get("/don-vi/", **ENGLISH_BROWSER)

    assert _html_lang(response) == "vi"


NOW = dt.datetime(2026, 12, 7, 12, 39, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (NOW + dt.timedelta(days=8), "còn 1 tuần", "in 1 week"),
        (NOW + dt.timedelta(days=6, hours=3), "còn 6 ngày", "in 6 days"),
        (NOW + dt.timedelta(hours=5), "còn 5 giờ", "in 5 hours"),
        (NOW - dt.timedelta(hours=3, minutes=20), "3 giờ trước", "3 hours ago"),
        (NOW - dt.timedelta(seconds=20), "vừa xong", "just now"),
        (timezone.localdate(NOW) + dt.timedelta(days=8), "còn 1 tuần", "in 1 week"),
        (timezone.localdate(NOW), "hôm nay", "today"),
        (timezone.localdate(NOW) - dt.timedelta(days=2), "2 ngày trước", "2 days ago"),
    ],
)
def test_relative_dates_both_ways(value, vietnamese, english):
    with translation.override("vi"):
        assert relative_to_now(value, NOW).replace("\xa0", " ") == vietnamese
    with translation.override("en"):
        assert relative_to_now(value, NOW).replace("\xa0", " ") == english


def test_a_future_date_in_an_admin_listing_says_how_long_is_left():
    template = Template(
        "{% load wagtailadmin_tags %}{% human_readable_date value %}",
    )
    starts = timezone.now() + dt.timedelta(days=8, hours=1)
    with translation.override("vi"):
        html = template.render(Context({"value": starts}))

    assert "Còn 1\xa0tuần" in html
    assert "trước" not in html


@pytest.mark.parametrize(("value", "label"), [(True, "Có"), (False, "Không")])
def test_booleans_read_co_khong(value, label):
    cell = Template("{% include 'wagtailadmin/tables/cell.html' %}")
    with translation.override("vi"):
        assert cell.render(Context({"value": value, "column": None})).split() == [
            "<td",
            ">",
            label,
            "</td>",
        ]
        assert YesNoDisplay(value).render_html() == label
