"""Scope matrix: a unit sees its own tasks and its subtree's, never a
sibling's — in the selectors, the admin and the API alike."""

import pytest

from lantoa.campaigns import selectors
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.models import DirectiveTask
from lantoa.campaigns.tests.factories import DirectiveFactory, DirectiveTaskFactory
from lantoa.core.api.testing import bearer_headers
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["PVGAS", "KVT", "KVT-KC", "KVT-KC-1", "KCM", "BSR"]
VISIBLE = {
    "superuser": EVERYONE,
    "root_approver": EVERYONE,
    "parent_officer": ["PVGAS", "KVT", "KVT-KC", "KVT-KC-1", "KCM"],
    "unit_officer": ["KVT", "KVT-KC", "KVT-KC-1"],
    "sibling_officer": ["KCM"],
    "member": [],
}


@pytest.fixture
def directive(tree):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True, task_count=6)
    for unit in (tree.parent, tree.unit, tree.child, tree.grandchild, tree.sibling, tree.uncle):
        DirectiveTaskFactory(directive=directive, unit=unit)
    return directive


@pytest.fixture
def user_for(tree, people):
    def make(who):
        if who == "superuser":
            return UserFactory(username="admin", is_superuser=True, is_staff=True)
        if who == "member":
            return UserFactory(username="doanvien")
        user = getattr(people, who)
        sync_admin_access(user)
        return user

    return make


@pytest.mark.parametrize("who", list(VISIBLE))
def test_tasks_for(directive, user_for, who):
    user = user_for(who)
    codes = selectors.tasks_for(user).values_list("unit__code", flat=True)
    assert sorted(codes) == sorted(VISIBLE[who])


@pytest.mark.parametrize("who", list(VISIBLE))
def test_directives_for_are_those_sent_from_the_scope(directive, user_for, who):
    user = user_for(who)
    sees_sender = who in ("superuser", "root_approver")
    assert list(selectors.directives_for(user)) == ([directive] if sees_sender else [])
    assert selectors.directive_visible_to(user, directive) is bool(VISIBLE[who])


@pytest.mark.parametrize(
    "who", ["root_approver", "parent_officer", "unit_officer", "sibling_officer"]
)
def test_admin_task_pages_follow_the_scope(client, directive, user_for, who):
    user = user_for(who)
    client.force_login(user)

    listing = client.get("/admin/chien-dich/nhiem-vu/")
    assert listing.status_code == 200
    listed = sorted(t.unit.code for t in listing.context["page_obj"].object_list)
    assert listed == sorted(VISIBLE[who])
    for task in DirectiveTask.objects.select_related("unit"):
        response = client.get(f"/admin/chien-dich/nhiem-vu/{task.pk}/")
        expected = 200 if task.unit.code in VISIBLE[who] else 404
        assert response.status_code == expected, (who, task.unit.code)
        acted = client.post(f"/admin/chien-dich/nhiem-vu/{task.pk}/tiep-nhan/")
        assert acted.status_code == (302 if expected == 200 else 404)
    acknowledged = DirectiveTask.objects.filter(state=TaskState.ACKNOWLEDGED)
    assert sorted(acknowledged.values_list("unit__code", flat=True)) == sorted(VISIBLE[who])


@pytest.mark.parametrize(
    "who", ["root_approver", "parent_officer", "unit_officer", "sibling_officer"]
)
def test_compliance_page_counts_only_what_the_user_sees(client, directive, user_for, who):
    user = user_for(who)
    client.force_login(user)
    response = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/ket-qua/")
    assert response.status_code == 200
    assert response.context["counts"].total == len(VISIBLE[who])


def test_a_member_without_role_has_no_admin_screens(client, directive, user_for):
    client.force_login(user_for("member"))
    response = client.get("/admin/chien-dich/nhiem-vu/")
    assert response.status_code == 302  # Wagtail sends users without admin access to log in


@pytest.mark.parametrize(
    "who", ["root_approver", "parent_officer", "unit_officer", "sibling_officer", "member"]
)
def test_api_task_list_and_actions_follow_the_scope(client, directive, user_for, who):
    user = user_for(who)
    headers = bearer_headers(user)
    response = client.get("/api/v1/directive-tasks/", {"limit": 200}, headers=headers)
    assert response.status_code == 200
    assert sorted(i["unit"]["code"] for i in response.json()["items"]) == sorted(VISIBLE[who])
    for task in DirectiveTask.objects.select_related("unit"):
        acted = client.post(
            f"/api/v1/directive-tasks/{task.public_id}/acknowledge/", headers=headers
        )
        assert acted.status_code == (200 if task.unit.code in VISIBLE[who] else 404)
