"""The coverage endpoint: figures, scope, errors, query count."""

import pytest

from lantoa.analytics.periods import Period
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.analytics.tests.factories import DeliveryFactory
from lantoa.channels.choices import Platform
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.api.testing import bearer_headers
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory

COVERAGE = "/api/v1/analytics/coverage/"


@pytest.fixture
def figures(tree):
    channel = ChannelAccountFactory(
        unit=tree.unit, platform=Platform.TELEGRAM_CHANNEL, followers=40
    )
    DeliveryFactory(account=channel)
    analytics_refresh(full=True)
    return tree


def officer_headers(unit):
    return bearer_headers(RoleAssignmentFactory(unit=unit, role=Role.OFFICER).user)


def test_coverage_of_the_callers_top_unit(client, figures):
    response = client.get(COVERAGE, headers=officer_headers(figures.parent))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit"]["code"] == "PVGAS"
    assert body["coverage"]["units"] == 3
    assert body["coverage"]["units_social"] == 1
    assert body["coverage"]["pct_social"] == 33.3
    assert body["coverage"]["followers"] == 40
    assert body["output"]["deliveries_sent"] == 1
    assert [c["unit"]["code"] for c in body["children"]] == ["KVT", "KCM"]
    assert body["children"][0]["coverage"]["pct_social"] == 100.0
    assert body["own"]["coverage"]["units_social"] == 0
    assert [k["kind"] for k in body["kinds"]] == ["direct_union", "grassroots_union", "union_group"]
    assert [p["platform"] for p in body["platforms"]] == ["telegram_channel"]
    period = Period.last_months(12)
    assert body["period"] == {"first": f"{period.first}", "last": f"{period.last}"}
    assert len(body["months"]) == 12


def test_coverage_of_a_chosen_unit_and_period(client, figures):
    response = client.get(
        COVERAGE,
        {"unit": str(figures.unit.public_id), "first": "2024-01", "last": "2024-03"},
        headers=officer_headers(figures.parent),
    )

    assert response.status_code == 200
    body = response.json()
    assert [m["month"] for m in body["months"]] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert body["output"]["deliveries_sent"] == 0


def test_a_siblings_unit_does_not_exist_for_the_caller(client, figures):
    response = client.get(
        COVERAGE, {"unit": str(figures.sibling.public_id)}, headers=officer_headers(figures.unit)
    )

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy đơn vị.",
    }


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"first": "2024-13", "last": "2024-12"}, "invalid_input"),
        ({"first": "2024-05", "last": "2024-01"}, "invalid_input"),
        ({"first": "2024-01"}, "invalid_input"),
        ({"first": "tháng-1", "last": "2024-01"}, "validation_error"),
    ],
)
def test_invalid_periods_are_refused(client, figures, params, code):
    response = client.get(COVERAGE, params, headers=officer_headers(figures.root))

    assert response.status_code == 422
    assert response.json()["code"] == code


def test_without_a_token(client, figures):
    response = client.get(COVERAGE)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_caller_without_a_role_gets_404(client, figures):
    from lantoa.org.tests.factories import UserFactory

    response = client.get(COVERAGE, headers=bearer_headers(UserFactory()))

    assert response.status_code == 404


def test_query_count_is_pinned(client, figures, django_assert_num_queries):
    headers = officer_headers(figures.root)
    client.get(COVERAGE, headers=headers)  # warm caches (content types)

    # Token and user, the caller's roles, the default unit, then the six
    # queries of the dashboard.
    with django_assert_num_queries(9):
        response = client.get(COVERAGE, headers=headers)
    assert response.status_code == 200
