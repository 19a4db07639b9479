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

pytestmark = pytest.mark.django_db


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
    # PV GAS and its grassroots units (its trade-union groups are not sent to by default).
    assert (body["status"], body["task_count"]) == ("sent", 3)

    # An officer drafts for their unit; asked to send, it is submitted to the approvers.
    officer_try = api(people.parent_officer).post(
        "/api/v1/directives/",
        {**{k: v for k, v in body.items() if k in ("title", "instructions", "due_at")},
         "sender_unit": str(tree.parent.public_id), "required_actions": ["report_result"],
         "send": True},
    )  # fmt: skip
    assert officer_try.status_code == 201, officer_try.json()
    assert (officer_try.json()["status"], officer_try.json()["task_count"]) == ("submitted", 0)
    sibling_try = api(people.sibling_officer).post(
        "/api/v1/directives/",
        {**{k: v for k, v in body.items() if k in ("title", "instructions", "due_at")},
         "sender_unit": str(tree.parent.public_id), "required_actions": ["report_result"]},
    )  # fmt: skip
    assert sibling_try.status_code == 404  # not their unit

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
    assert (data["overall"]["total"], data["overall"]["done"]) == (3, 1)
    assert [(b["unit"]["code"], b["counts"]["total"]) for b in data["by_branch"]] == [("PVGAS", 3)]
    mine = api(people.unit_officer).get(f"/api/v1/directives/{body['public_id']}/compliance/")
    assert mine.json()["overall"]["total"] == 1  # the unit officer sees their subtree only


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


# ---- F6: figures are whole numbers within what can happen, links are web addresses ----


@pytest.fixture
def task(tree, people):
    directive = DirectiveFactory(
        sender_unit=tree.root, sent=True, required_actions=["report_result"]
    )
    return DirectiveTaskFactory(directive=directive, unit=tree.unit)


@pytest.mark.parametrize(
    "figures",
    [
        {"reach": 3.38e16},  # the probe's absurd reach
        {"reach": 33_800_000_000_000_000},
        {"reach": 12.5},  # not a whole number
        {"reach": "120"},
        {"reach": -1},
        {"reach": 100_000_001},
        {"participants": False},  # the probe's `false`
        {"participants": True},
        {"participants": 20_000_001},
    ],
    ids=repr,
)
def test_absurd_or_mistyped_figures_are_refused_and_nothing_is_stored(api, people, task, figures):
    from lantoa.campaigns.models import TaskProof

    response = api(people.unit_officer).post(
        f"/api/v1/directive-tasks/{task.public_id}/proofs/",
        {"action": "report_result", "note": "Báo cáo", **figures},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["loc"][-1] for e in body["errors"]] == list(figures)
    assert TaskProof.objects.count() == 0


def test_figures_at_the_bounds_are_accepted(api, people, task):
    response = api(people.unit_officer).post(
        f"/api/v1/directive-tasks/{task.public_id}/proofs/",
        {"action": "report_result", "note": "Báo cáo", "reach": 100_000_000, "participants": 0},
    )
    assert response.status_code == 201, response.json()


def test_the_service_refuses_what_the_api_refuses(people, task):
    """Forms and scripts call the service: the same bounds hold there."""
    from lantoa.campaigns.services.adoption import task_proof_add
    from lantoa.core.exceptions import InvalidInput

    for kwargs, message in (
        ({"reach": 33_800_000_000_000_000}, "Lượt tiếp cận: 33.800.000.000.000.000 vượt quá"),
        ({"participants": False}, "Số người tham gia: phải là một số nguyên."),
        ({"url": "javascript:alert(1)"}, "http:// hoặc https://"),
    ):
        with pytest.raises(InvalidInput, match=message):
            task_proof_add(
                actor=people.unit_officer, task=task, action="report_result", note="x", **kwargs
            )


@pytest.mark.parametrize(
    "goals",
    [
        {"goal_reach": 3.38e16},
        {"goal_participants": False},
        {"goal_articles": 1_000_001},
        {"goal_unit_share": 101},
        {"hashtags": ["Tết sum vầy"]},  # a space: two hashtags in one
        {"hashtags": [f"#T{i}" for i in range(9)]},
        {"phases": [{"kind": "tet", "name": "x" * 201, "starts_on": "2027-01-10",
                     "ends_on": "2027-02-15"}]},
    ],
    ids=lambda g: next(iter(g)),
)  # fmt: skip
def test_campaign_goals_and_texts_are_bounded(api, tree, people, goals):
    response = api(people.parent_officer).post(
        "/api/v1/campaigns/",
        {
            "unit": str(tree.parent.public_id),
            "name": "Tết sum vầy",
            "starts_on": "2026-12-15",
            "ends_on": "2027-02-15",
            **goals,
        },
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert Campaign.objects.count() == 0


def _directive(tree, **fields):
    """A directive the root sends, due in three days, as the API takes it."""
    return {
        "sender_unit": str(tree.root.public_id),
        "title": "Định hướng",
        "instructions": "Làm.",
        "due_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
        "required_actions": ["report_result"],
        **fields,
    }


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.vn/a"])
def test_links_must_be_web_addresses(api, tree, people, task, link):
    proof = api(people.unit_officer).post(
        f"/api/v1/directive-tasks/{task.public_id}/proofs/",
        {"action": "report_result", "url": link},
    )
    assert (proof.status_code, proof.json()["code"]) == (422, "validation_error")
    directive = api(people.root_approver).post("/api/v1/directives/", _directive(tree, link=link))
    assert (directive.status_code, directive.json()["code"]) == (422, "validation_error")


def test_switches_are_booleans_not_numbers_or_words(api, tree, people):
    response = api(people.root_approver).post("/api/v1/directives/", _directive(tree, send="yes"))
    assert (response.status_code, response.json()["errors"][0]["loc"][-1]) == (422, "send")
