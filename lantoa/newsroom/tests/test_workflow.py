"""The editorial workflow: org roles → Wagtail page permissions (one sync),
officers write in their unit's subtree, approvers of the unit or above approve."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, TaskState, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.models import ArticlePage, UnitApprovalTask
from lantoa.newsroom.services import WORKFLOW_NAME, newsroom_permissions_sync
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, staff_user

pytestmark = pytest.mark.django_db


def _person(unit, role, username):
    return staff_user(unit, role, username=username)


@pytest.fixture
def people(news):
    people = {
        "officer": _person(news.tree.unit, Role.OFFICER, "tuyengiao.khivungtau"),
        "sibling_officer": _person(news.tree.sibling, Role.OFFICER, "tuyengiao.khicamau"),
        "approver": _person(news.tree.parent, Role.APPROVER, "duyet.pvgas"),
        "sibling_approver": _person(news.tree.sibling, Role.APPROVER, "duyet.khicamau"),
        "uncle_approver": _person(news.tree.uncle, Role.APPROVER, "duyet.bsr"),
    }
    newsroom_permissions_sync(actor=SYSTEM)
    return people


def _group_names(user):
    return sorted(user.groups.exclude(name="Cán bộ Lantoa").values_list("name", flat=True))


def test_sync_derives_groups_from_org_roles(news, people):
    unit, sibling, parent = news.tree.unit.code, news.tree.sibling.code, news.tree.parent.code

    assert _group_names(people["officer"]) == [f"Trang {unit} · Cán bộ tuyên giáo"]
    assert _group_names(people["sibling_officer"]) == [f"Trang {sibling} · Cán bộ tuyên giáo"]
    # An approver at PV GAS joins PV GAS's site only: its pages contain the
    # grassroots sites below, so one group covers the whole subtree.
    assert _group_names(people["approver"]) == [f"Trang {parent} · Người duyệt"]
    assert _group_names(people["uncle_approver"]) == []  # BSR has no site

    news.unit_home.refresh_from_db()
    officer_perms = set(
        GroupPagePermission.objects.filter(group=news.unit_home.officer_group_id).values_list(
            "page_id", "permission__codename"
        )
    )
    assert officer_perms == {(news.unit_home.pk, "add_page"), (news.unit_home.pk, "change_page")}
    news.parent_home.refresh_from_db()
    approver_perms = set(
        GroupPagePermission.objects.filter(group=news.parent_home.approver_group_id).values_list(
            "permission__codename", flat=True
        )
    )
    assert approver_perms == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assigned = WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME)
    assert set(assigned.values_list("page_id", flat=True)) == {
        home.pk for home in (news.root_home, news.parent_home, news.unit_home, news.sibling_home)
    }


def test_sync_is_idempotent_and_follows_role_changes(
    news, people, django_capture_on_commit_callbacks
):
    report = newsroom_permissions_sync(actor=SYSTEM)
    assert (report.groups_created, report.memberships_added, report.memberships_removed) == (
        0,
        0,
        0,
    )

    with django_capture_on_commit_callbacks(execute=True):
        people["officer"].unit_roles.all().delete()

    assert _group_names(people["officer"]) == []
    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignmentFactory(user=people["officer"], unit=news.tree.parent, role=Role.OFFICER)
    assert _group_names(people["officer"]) == [f"Trang {news.tree.parent.code} · Cán bộ tuyên giáo"]


def test_sync_is_audited_when_it_changes_something(news, people):
    entry = AuditLogEntry.objects.filter(action="newsroom.permissions_sync").latest("id")
    assert entry.data["added"] >= 3


def _draft_in_unit_site(news, owner):
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động")
    draft = ArticlePageFactory(parent=section, live=False, title="Bản nháp của Khí Vũng Tàu")
    draft.save_revision(user=owner)
    return section, draft


def test_officer_of_a_sibling_cannot_open_the_draft(client, news, people):
    _, draft = _draft_in_unit_site(news, people["officer"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])

    client.force_login(people["officer"])
    assert client.get(edit_url).status_code == 200

    client.force_login(people["sibling_officer"])
    response = client.get(edit_url, follow=False)
    assert response.status_code in (302, 403)
    assert "Bản nháp của Khí Vũng Tàu" not in client.get(edit_url, follow=True).content.decode()
    explore = client.get(reverse("wagtailadmin_explore", args=[draft.get_parent().pk]))
    assert "Bản nháp của Khí Vũng Tàu" not in explore.content.decode()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert preview.status_code in (302, 403)


def _article_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "tin-moi-cua-co-so",
            "lead": "Sapo: công đoàn cơ sở tổ chức hội nghị người lao động.",
            "body": streamfield([("text", rich_text("<p>Nội dung tin bài.</p>"))]),
            "author": "Tổ tuyên giáo",
            "comments": inline_formset([]),
            "tags": "Đại hội VII",
            "action-submit": "Gửi duyệt",
        }
    )


def test_officer_writes_and_submits_approver_above_approves(client, news, people):
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động")
    client.force_login(people["officer"])

    created = client.post(
        reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", section.pk]),
        _article_form("Hội nghị người lao động năm nay"),
    )

    assert created.status_code == 302, created.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="tin-moi-cua-co-so")
    assert article.live is False
    assert article.unit_id == news.tree.unit.pk
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = TaskState.objects.get(workflow_state=state)
    task = UnitApprovalTask.objects.get()

    # The officer may not approve; neither may approvers of other branches.
    assert task.get_actions(article, people["officer"]) == []
    assert task.get_actions(article, people["sibling_approver"]) == []
    assert list(task.get_task_states_user_can_moderate(people["sibling_approver"])) == []
    assert list(task.get_task_states_user_can_moderate(people["approver"])) == [task_state]
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )
    refused = client.post(action_url)
    assert refused.status_code in (302, 403)
    article.refresh_from_db()
    assert article.live is False

    client.force_login(people["approver"])
    approved = client.post(action_url)

    assert approved.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live is True
    assert article.first_published_at is not None
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(article.url).status_code == 200


def test_officer_cannot_publish_directly(client, news, people):
    section = SectionIndexFactory(parent=news.unit_home)
    client.force_login(people["officer"])
    data = _article_form("Tin đăng thẳng")
    del data["action-submit"]
    data["action-publish"] = "Xuất bản"

    client.post(
        reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", section.pk]), data
    )

    article = ArticlePage.objects.get(slug="tin-moi-cua-co-so")
    assert article.live is False


def test_officer_cannot_create_pages_in_a_siblings_site(client, news, people):
    section = SectionIndexFactory(parent=news.sibling_home)
    client.force_login(people["officer"])

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", section.pk]),
        _article_form("Tin lạc chỗ"),
    )

    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="tin-moi-cua-co-so").exists()
    assert Page.objects.child_of(section).count() == 0


def test_revisions_are_kept_and_comparable(client, news, people):
    _, draft = _draft_in_unit_site(news, people["officer"])
    first = draft.latest_revision
    draft.title = "Bản nháp đã sửa"
    second = draft.save_revision(user=people["officer"])
    client.force_login(people["officer"])

    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[draft.pk, first.pk, second.pk])
    )

    assert compare.status_code == 200
    assert "Bản nháp đã sửa" in compare.content.decode()
    assert Group.objects.filter(name__startswith="Trang ").count() == 8
