"""The API accepts what its OpenAPI document says and refuses the rest with a
documented answer (422 `validation_error`), never a 500 and never by silently
ignoring what it did not understand. Each case here was found by schemathesis
(test_api_fuzz.py) or by the outside probe, and is pinned by name."""

import json

import pytest

from lantoa.campaigns.models import Campaign
from lantoa.channels.models import Post
from lantoa.core.api.testing import bearer_headers
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory


@pytest.fixture
def officer(tree):
    return RoleAssignmentFactory(unit=tree.parent, role=Role.OFFICER).user


@pytest.fixture
def call(client, officer):
    headers = bearer_headers(officer)

    def call(method, url, body=None, **query):
        if method == "GET":
            return client.get(url, query, headers=headers)
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return client.post(url, data, content_type="application/json", headers=headers)

    return call


def _errors(response):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    return [(e["loc"], e["type"]) for e in body["errors"]]


def test_a_misspelt_filter_is_refused_not_ignored(call):
    """`stauts` would otherwise return every delivery as if filtered."""
    assert _errors(call("GET", "/api/v1/deliveries/", stauts="failed")) == [
        (["query", "stauts"], "extra_forbidden")
    ]
    assert call("GET", "/api/v1/deliveries/", status="failed").status_code == 200


def test_a_misspelt_body_field_is_refused_not_ignored(call, tree):
    """`schedule_at` would otherwise post at once instead of at the time asked."""
    response = call(
        "POST",
        "/api/v1/posts/",
        {
            "unit": str(tree.parent.public_id),
            "text": "Hẹn giờ",
            "channels": [str(tree.parent.public_id)],
            "schedule_at": "2030-05-01T08:30:00",
        },
    )
    assert (["body", "payload", "schedule_at"], "extra_forbidden") in _errors(response)
    assert Post.objects.count() == 0


@pytest.mark.parametrize("body", [b"\x00", b"{", b"\x1d", "[" * 10_000])
def test_a_body_that_is_not_json_is_a_validation_error(call, body):
    assert _errors(call("POST", "/api/v1/campaigns/", body)) == [(["body"], "json_invalid")]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"until": "0.5"}, "until"),  # was read as 0.5 s after 1970
        ({"since": "1700000000"}, "since"),
    ],
)
def test_times_are_iso_8601_not_numbers(call, query, field):
    assert _errors(call("GET", "/api/v1/opinions/", **query)) == [(["query", field], "value_error")]


def test_an_offset_beyond_any_time_zone_is_refused_not_a_crash(call, tree):
    """-23:07 passed validation and PostgreSQL refused it: a 500 there."""
    body = {
        "sender_unit": str(tree.parent.public_id),
        "title": "Định hướng",
        "instructions": "Làm.",
        "due_at": "2030-02-11T10:19-23:07",
        "required_actions": ["report_result"],
    }
    assert _errors(call("POST", "/api/v1/directives/", body)) == [
        (["body", "payload", "due_at"], "value_error")
    ]


def test_a_date_is_iso_8601_not_a_number(call):
    assert _errors(call("GET", "/api/v1/campaigns/", active_on="0")) == [
        (["query", "active_on"], "value_error")
    ]


def test_a_date_at_the_end_of_the_calendar_is_refused_not_a_crash(call):
    """start=0001-01-01 overflowed when moved to Vietnam's time zone: a 500."""
    response = call("GET", "/api/v1/calendar/", start="0001-01-01", end="0001-01-01")
    assert _errors(response) == [
        (["query", "start"], "value_error"),
        (["query", "end"], "value_error"),
    ]


def test_nul_characters_are_dropped_and_lone_surrogates_refused(call, tree):
    body = {
        "unit": str(tree.parent.public_id),
        "name": "Tháng\u0000 Công nhân",  # PostgreSQL refuses NUL in text: was a 500 there
        "starts_on": "2026-05-01",
        "ends_on": "2026-05-31",
    }
    created = call("POST", "/api/v1/campaigns/", body)
    assert created.status_code == 201, created.content
    assert Campaign.objects.get().name == "Tháng Công nhân"
    surrogate = (
        '{"unit": "%s", "name": "x\\udb8c", "starts_on": "2026-05-01", "ends_on": "2026-05-31"}'
    )
    refused = call("POST", "/api/v1/campaigns/", surrogate % tree.parent.public_id)
    assert _errors(refused) == [(["body", "name"], "string_unicode")]
    assert Campaign.objects.count() == 1


def test_nul_characters_in_a_query_are_dropped(call):
    response = call("GET", "/api/v1/members/", q="ngu\x00yen")
    assert response.status_code == 200


def test_the_published_patterns_say_what_is_accepted(client):
    """The OpenAPI document carries the rules clients (and schemathesis) read."""
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["PostCreateIn"]["additionalProperties"] is False
    assert schema["ProofIn"]["properties"]["url"]["pattern"].startswith("^https?://")
    reach = schema["ProofIn"]["properties"]["reach"]["anyOf"][0]
    assert (reach["type"], reach["minimum"], reach["maximum"]) == ("integer", 0, 100_000_000)
    due = schema["DirectiveCreateIn"]["properties"]["due_at"]
    assert due["pattern"].startswith(r"^(20\d{2}-")
    start = schema["CampaignCreateIn"]["properties"]["starts_on"]
    assert (start["format"], start["pattern"][:10]) == ("date", r"^(20\d{2}-")


def test_a_time_without_offset_is_the_sites_local_time(call, tree):
    import datetime as dt
    import warnings

    from lantoa.listening.tests.factories import OpinionFactory

    OpinionFactory(unit=tree.parent, received_at=dt.datetime(2026, 5, 1, 1, 0, tzinfo=dt.UTC))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no naive time reaches the database
        before = call("GET", "/api/v1/opinions/", since="2026-05-01T07:30")  # 00:30 UTC
        after = call("GET", "/api/v1/opinions/", since="2026-05-01T08:30")
    assert (before.json()["count"], after.json()["count"]) == (1, 0)


def test_a_time_without_offset_is_answered_with_its_offset(call, tree):
    """A naive due date was stored naive and echoed without an offset, which the
    schema's date-time answer does not allow (schemathesis found it)."""
    response = call(
        "POST",
        "/api/v1/directives/",
        {
            "sender_unit": str(tree.parent.public_id),
            "title": "Định hướng",
            "instructions": "Làm.",
            "due_at": "2030-05-01T08:30",
            "required_actions": ["report_result"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_at"] == "2030-05-01T08:30:00+07:00"
