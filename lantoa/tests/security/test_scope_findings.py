"""Object pages of the back office load objects only inside the user's scope.

Each test is one way an outsider's probe reached another unit's objects
through an object id: the officer of a sibling unit (and a grassroots officer,
for its parent's objects) opened or changed them. The generated matrix
(`test_matrix.py`) covers every screen; these pin the reported cases.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from lantoa.bulletin.models import Bulletin, Issue
from lantoa.bulletin.tests.factories import BulletinFactory, IssueFactory
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.models import Feedback, FeedbackState, WebsiteLink
from lantoa.newsroom.tests.factories import FeedbackFactory, WebsiteLinkFactory
from lantoa.org import services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def officer_of(client, unit):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    services.sync_admin_access(user)
    client.force_login(user)
    return user


def feedback_at(unit):
    return FeedbackFactory(
        unit=unit, name="Nguyễn Thị Lan", email="lan@example.com", phone="0912345678"
    )


def test_sibling_officer_cannot_read_feedback(client, tree):
    feedback = feedback_at(tree.unit)
    officer_of(client, tree.sibling)
    response = client.get(reverse("wagtailsnippets_newsroom_feedback:edit", args=[feedback.pk]))
    assert response.status_code == 404
    assert b"lan@example.com" not in response.content


def test_grassroots_officer_cannot_read_parent_feedback(client, tree):
    feedback = feedback_at(tree.parent)
    officer_of(client, tree.unit)
    response = client.get(reverse("wagtailsnippets_newsroom_feedback:edit", args=[feedback.pk]))
    assert response.status_code == 404


def test_sibling_officer_cannot_delete_feedback(client, tree):
    feedback = feedback_at(tree.unit)
    officer_of(client, tree.sibling)
    response = client.post(reverse("wagtailsnippets_newsroom_feedback:delete", args=[feedback.pk]))
    assert response.status_code == 404
    assert Feedback.objects.filter(pk=feedback.pk).count() == 1


def test_sibling_officer_cannot_bulk_delete_feedback(client, tree):
    feedback = feedback_at(tree.unit)
    officer_of(client, tree.sibling)
    url = reverse("wagtail_bulk_action", args=["newsroom", "feedback", "delete"])
    response = client.post(f"{url}?id={feedback.pk}", {"next": "/admin/"})
    assert response.status_code == 404
    assert Feedback.objects.filter(pk=feedback.pk).count() == 1


def test_refused_moderation_is_a_form_error_not_a_crash(client, tree):
    feedback = feedback_at(tree.unit)
    Feedback.objects.filter(pk=feedback.pk).update(state=FeedbackState.APPROVED)
    officer_of(client, tree.unit)
    response = client.post(
        reverse("wagtailsnippets_newsroom_feedback:edit", args=[feedback.pk]),
        {"state": FeedbackState.NEW},
    )
    # Back to "new" is not a moderation the service accepts: shown, nothing written.
    assert response.status_code == 200
    assert "Trạng thái không hợp lệ." in response.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).state == FeedbackState.APPROVED
    assert AuditLogEntry.objects.count() == 0


def test_out_of_scope_moderation_is_not_found(client, tree):
    feedback = feedback_at(tree.unit)
    officer_of(client, tree.sibling)
    response = client.post(
        reverse("wagtailsnippets_newsroom_feedback:edit", args=[feedback.pk]),
        {"state": FeedbackState.SPAM},
    )
    assert response.status_code == 404
    assert Feedback.objects.get(pk=feedback.pk).state == FeedbackState.NEW
    assert AuditLogEntry.objects.count() == 0


def test_lower_officer_cannot_delete_top_union_link(client, tree):
    link = WebsiteLinkFactory(unit=tree.root)
    officer_of(client, tree.uncle)
    response = client.post(reverse("wagtailsnippets_newsroom_websitelink:delete", args=[link.pk]))
    assert response.status_code == 404
    assert WebsiteLink.objects.filter(pk=link.pk).count() == 1


def test_disabled_bulletin_edit_is_not_routed(client, tree):
    bulletin = BulletinFactory(unit=tree.root)
    officer_of(client, tree.uncle)
    with pytest.raises(NoReverseMatch):
        reverse("bulletin_bulletins:edit", args=[bulletin.pk])
    response = client.post(
        f"/admin/ban-tin/danh-sach/edit/{bulletin.pk}/",
        {"unit": tree.uncle.pk, "name": "Bản tin BSR"},
    )
    assert response.status_code == 404
    assert Bulletin.objects.get(pk=bulletin.pk).unit_id == tree.root.pk


def test_disabled_issue_delete_is_not_routed(client, tree):
    issue = IssueFactory(bulletin=BulletinFactory(unit=tree.root))
    officer_of(client, tree.root)
    with pytest.raises(NoReverseMatch):
        reverse("bulletin_issues:delete", args=[issue.pk])
    response = client.post(f"/admin/ban-tin/so/delete/{issue.pk}/")
    assert response.status_code == 404
    assert Issue.objects.filter(pk=issue.pk).count() == 1


@pytest.mark.parametrize(
    ("error", "status"),
    [("PermissionDenied", 403), ("NotFound", 404)],
)
def test_a_domain_refusal_escaping_any_view_is_not_a_500(rf, error, status):
    from django.core.handlers.exception import response_for_exception

    from lantoa.core import exceptions

    response = response_for_exception(rf.get("/"), getattr(exceptions, error)())
    assert response.status_code == status
