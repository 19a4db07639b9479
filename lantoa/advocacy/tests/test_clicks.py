"""Personal short links: the redirect, UTM tags, counting each person's click
once, never a bot's, and never keeping an address."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from lantoa.advocacy import clicks, services
from lantoa.advocacy.models import Click, VisitorKey
from lantoa.advocacy.tests.conftest import BROWSER
from lantoa.advocacy.tests.factories import ambassador, kit_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(tree):
    kit = kit_published(tree.unit, url="https://pvgas.congdoan.vn/tin/bao-duong/?utm_source=cu&p=2")
    return services.link_for(ambassador=ambassador(tree.unit), kit=kit, network="zalo")


def follow(client, link, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(f"/l/{link.code}", **headers)


def test_a_click_redirects_to_the_tagged_page_and_is_counted(client, link):
    response = follow(client, link, REMOTE_ADDR="203.113.10.5")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.netloc, target.path) == ("pvgas.congdoan.vn", "/tin/bao-duong/")
    assert parse_qs(target.query) == {
        "p": ["2"],
        "utm_source": ["zalo"],
        "utm_medium": ["dai-su"],
        "utm_campaign": ["bao-duong-tong-the-hoan-thanh-som-5-ngay"],
        "utm_content": [link.code],
    }
    assert response["Cache-Control"].startswith("max-age=0")
    click = Click.objects.get()
    assert click.link_id == link.pk
    # No address is kept: only a 32-character keyed hash.
    stored = " ".join(str(v) for v in Click.objects.values().get().values())
    assert "203.113.10.5" not in stored
    assert len(click.visitor) == 32


def test_every_click_counts_and_the_same_visitor_is_one_unique_visitor(client, link):
    for _ in range(3):
        follow(client, link, REMOTE_ADDR="203.113.10.5")
    follow(client, link, REMOTE_ADDR="14.160.2.9")
    assert Click.objects.count() == 4
    assert Click.objects.values("visitor").distinct().count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {
            "HTTP_USER_AGENT": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
        },
        {"HTTP_USER_AGENT": "TelegramBot (like TwitterBot)"},
        {
            "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        },
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_bots_and_prefetches_are_redirected_but_not_counted(client, link, headers):
    assert follow(client, link, **headers).status_code == 302
    assert Click.objects.count() == 0


def test_a_head_request_is_not_counted(client, link):
    assert client.head(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER).status_code == 302
    assert Click.objects.count() == 0


def test_an_unknown_code_is_not_found(client, link):
    assert client.get("/l/khongco1", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert Click.objects.count() == 0


def test_the_key_changes_every_day_and_old_keys_are_destroyed(link):
    today = dt.date(2026, 12, 7)
    one = clicks.visitor_hash(today, "203.113.10.5", BROWSER)
    assert clicks.visitor_hash(today, "203.113.10.5", BROWSER) == one
    clicks.forget_keys_in_memory()
    assert clicks.visitor_hash(today, "203.113.10.5", BROWSER) == one  # same key from the database
    assert clicks.visitor_hash(today + dt.timedelta(days=1), "203.113.10.5", BROWSER) != one
    clicks.visitor_hash(today - dt.timedelta(days=2), "203.113.10.5", BROWSER)
    assert clicks.visitor_keys_forget(today=today + dt.timedelta(days=1)) == 1
    assert sorted(VisitorKey.objects.values_list("day", flat=True)) == [
        today,
        today + dt.timedelta(days=1),
    ]


def test_the_whole_site_serves_the_same_redirect_name(link):
    assert reverse("advocacy:short_link", args=[link.code]) == f"/l/{link.code}"


def test_the_links_server_alone_answers_the_same(link):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = clicks.wsgi_application(
        {
            "PATH_INFO": f"/l/{link.code}",
            "REQUEST_METHOD": "GET",
            "HTTP_USER_AGENT": BROWSER,
            "REMOTE_ADDR": "127.0.0.1",
        },
        start_response,
    )
    assert body == [b""]
    assert seen["status"] == "302 Found"
    assert f"utm_content={link.code}" in seen["headers"]["Location"]
    clicks.wsgi_application({"PATH_INFO": "/l/", "REQUEST_METHOD": "GET"}, start_response)
    assert seen["status"] == "404 Not Found"
    assert Click.objects.count() == 1
