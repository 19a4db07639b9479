"""The campaigns API: campaigns, directives (create and send, compliance),
tasks (acknowledge, adopt, proof) and the calendar, with bearer tokens."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.campaigns.choices import RequiredAction, TaskState
from lantoa.campaigns.models import Campaign, DirectiveTask
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
    PlanItemFactory,
)
from lantoa.core.api.testing import bearer_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    headers: dict[int, dict[str, str]] = {}

    class Caller:
        def __init__(self, user):
            if user.pk not in headers:
                headers[user.pk] = bearer_headers(user)
            self.headers = headers[user.pk]

        def get(self, url, **query):
            return client.get(url, query, headers=self.headers)

        def post(self, url, payload=None):
            return client.post(
                url, payload or {}, content_type="application/json", headers=self.headers
            )

    return Caller


def test_campaigns_are_listed_for_the_units_they_address(api, tree, people):
    CampaignFactory(unit=tree.root, name="Cả ngành")
    CampaignFactory(unit=tree.sibling, name="Riêng Cà Mau")
    response = api(people.unit_officer).get("/api/v1/campaigns/")
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["items"]] == ["Cả ngành"]
    assert response.json()["items"][0]["hashtags"] == ["#ThangCongNhan2026", "#AnToanLaoDong"]


def test_a_campaign_is_created_with_phases(api, tree, people):
    response = api(people.parent_officer).post(
        "/api/v1/campaigns/",
        {
            "unit": str(tree.parent.public_id),
            "name": "Tết sum vầy",
            "starts_on": "2026-12-15",
            "ends_on": "2027-02-15",
            "phases": [{"kind": "tet", "starts_on": "2027-01-10", "ends_on": "2027-02-15"}],
            "goal_participants": 500,
            "hashtags": ["TetSumVay"],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["hashtags"], len(body["phases"])) == (
        "Tết sum vầy",
        ["#TetSumVay"],
        1,
    )
    refused = api(people.unit_officer).post(
        "/api/v1/campaigns/",
        {
            "unit": str(tree.parent.public_id),
            "name": "x",
            "starts_on": "2026-01-01",
            "ends_on": "2026-01-02",
        },
    )
    assert refused.status_code == 404
    assert Campaign.objects.count() == 1


def test_a_directive_is_created_sent_and_followed(api, tree, people):
    due = (timezone.now() + dt.timedelta(days=3)).isoformat()
    response = api(people.root_approver).post(
        "/api/v1/directives/",
        {
            "sender_unit": str(tree.root.public_id),
            "title": "Định hướng qua API",
            "instructions": "Báo cáo kết quả.",
            "due_at": due,
            "required_actions": ["report_result"],
            "target_mode": "chosen",
            "chosen_units": [str(tree.parent.public_id)],
            "include_subtrees": True,
            "send": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["task_count"]) == ("sent", 5)

    officer_try = api(people.parent_officer).post(
        "/api/v1/directives/",
        {**{k: v for k, v in body.items() if k in ("title", "instructions", "due_at")},
         "sender_unit": str(tree.parent.public_id), "required_actions": ["report_result"]},
    )  # fmt: skip
    assert officer_try.status_code == 404  # no approver's right there: not a sending unit

    task = DirectiveTask.objects.get(unit=tree.unit)
    proof = api(people.unit_officer).post(
        f"/api/v1/directive-tasks/{task.public_id}/proofs/",
        {"action": "report_result", "note": "Đã tổ chức 3 buổi tuyên truyền.", "participants": 90},
    )
    assert proof.status_code == 201, proof.json()
    assert proof.json()["task"]["state"] == "done"

    compliance = api(people.root_approver).get(
        f"/api/v1/directives/{body['public_id']}/compliance/"
    )
    assert compliance.status_code == 200
    data = compliance.json()
    assert (data["overall"]["total"], data["overall"]["done"]) == (5, 1)
    assert [(b["unit"]["code"], b["counts"]["total"]) for b in data["by_branch"]] == [("PVGAS", 5)]
    mine = api(people.unit_officer).get(f"/api/v1/directives/{body['public_id']}/compliance/")
    assert mine.json()["overall"]["total"] == 3  # the unit officer sees their subtree only


def test_adopt_and_acknowledge(api, tree, people, unit_section):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    task = DirectiveTaskFactory(directive=directive, unit=tree.unit)
    caller = api(people.unit_officer)

    adopted = caller.post(f"/api/v1/directive-tasks/{task.public_id}/adopt")  # no slash too
    assert adopted.status_code == 200, adopted.json()
    body = adopted.json()
    assert body["created"] is True
    assert body["article_edit_url"].startswith("/admin/pages/")
    assert body["task"]["state"] == TaskState.ACKNOWLEDGED
    again = caller.post(f"/api/v1/directive-tasks/{task.public_id}/adopt/")
    assert (again.json()["created"], again.json()["article_edit_url"]) == (
        False,
        body["article_edit_url"],
    )

    other = DirectiveTaskFactory(directive=directive, unit=tree.sibling)
    assert caller.post(f"/api/v1/directive-tasks/{other.public_id}/adopt/").status_code == 404


def test_calendar_endpoint(api, tree, people):
    today = timezone.localdate()
    PlanItemFactory(unit=tree.unit, title="Kế hoạch", due_at=timezone.now() + dt.timedelta(days=1))
    caller = api(people.unit_officer)
    response = caller.get(
        "/api/v1/calendar/", start=today.isoformat(), end=(today + dt.timedelta(days=6)).isoformat()
    )
    assert response.status_code == 200
    assert [(e["kind"], e["state"], e["title"]) for e in response.json()["entries"]] == [
        ("plan", "planned", "Kế hoạch")
    ]
    too_long = caller.get(
        "/api/v1/calendar/",
        start=today.isoformat(),
        end=(today + dt.timedelta(days=90)).isoformat(),
    )
    assert (too_long.status_code, too_long.json()["code"]) == (422, "invalid_input")


@pytest.mark.parametrize(
    "url", ["/api/v1/directive-tasks/", "/api/v1/campaigns/", "/api/v1/directives/"]
)
def test_list_query_counts_do_not_grow(api, tree, people, url):
    caller = api(people.root_approver)

    def add_rows():
        directive = DirectiveFactory(sender_unit=tree.root, sent=True)
        for unit in (tree.parent, tree.unit, tree.sibling):
            DirectiveTaskFactory(directive=directive, unit=unit)
        CampaignFactory(unit=tree.root)

    add_rows()
    caller.get(url)
    with CaptureQueriesContext(connection) as few:
        caller.get(url)
    for _ in range(4):
        add_rows()
    with CaptureQueriesContext(connection) as many:
        response = caller.get(url)
    assert response.status_code == 200
    assert response.json()["count"] > 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_unknown_action_is_a_validation_error(api, tree, people):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    task = DirectiveTaskFactory(directive=directive, unit=tree.unit)
    response = api(people.unit_officer).post(
        f"/api/v1/directive-tasks/{task.public_id}/proofs/", {"action": "dance"}
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert RequiredAction.PUBLISH_SITE in directive.required_actions
