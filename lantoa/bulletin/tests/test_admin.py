"""The back office: scoped listings, the issue form, the workflow buttons."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.models import Issue, Suppression
from lantoa.bulletin.services import issues
from lantoa.bulletin.tests.factories import ArticleFactory, IssueArticleFactory, IssueFactory
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.services import _staff_group, sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def issue(tree, bulletin):
    issue = IssueFactory(bulletin=bulletin, title="Số tháng Mười")
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit, title="Bài đã chọn"))
    return issue


def _login(client, user, *, staff: bool = False):
    sync_admin_access(user)
    if staff:  # may enter the admin, holds no role
        user.groups.add(_staff_group())
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role_unit", "role", "visible"),
    [
        ("root", Role.ADMINISTRATOR, True),
        ("parent", Role.OFFICER, True),
        ("uncle", Role.OFFICER, False),
        (None, None, False),
    ],
)
def test_issue_listing_and_screen_follow_scope(client, tree, issue, role_unit, role, visible):
    if role_unit:
        user = RoleAssignmentFactory(unit=getattr(tree, role_unit), role=role).user
    else:
        user = UserFactory()
    _login(client, user, staff=True)
    listing = client.get(reverse("bulletin_issues:index"))
    detail = client.get(reverse("bulletin_issues:detail", args=[issue.pk]))
    if visible:
        assert "Số tháng Mười" in listing.content.decode()
        assert detail.status_code == 200
    else:
        assert "Số tháng Mười" not in listing.content.decode()
        assert detail.status_code in (302, 403, 404)


def test_detail_offers_the_periods_articles_and_adds_them(client, tree, issue, officer):
    suggested = ArticleFactory(unit=tree.child, title="Gợi ý trong kỳ")
    ArticleFactory(unit=tree.uncle, title="Của đơn vị khác")
    old = ArticleFactory(unit=tree.unit, title="Bài cũ")
    old.first_published_at = old.first_published_at.replace(year=2020)
    old.save()
    day = timezone.localdate(suggested.first_published_at)  # periods are local dates
    issue.period_start, issue.period_end = day, day
    issue.save()
    _login(client, officer)
    page = client.get(reverse("bulletin_issues:detail", args=[issue.pk])).content.decode()
    assert "Gợi ý trong kỳ" in page
    assert "Của đơn vị khác" not in page
    assert "Bài cũ" not in page

    client.post(
        reverse("bulletin_issues:action", args=[issue.pk]),
        {"action": "add_suggestions", "page": [suggested.pk], "section": "Cơ sở"},
    )
    assert [(a.section, a.page.title) for a in issue.articles.order_by("sort_order")] == [
        ("Hoạt động công đoàn", "Bài đã chọn"),
        ("Cơ sở", "Gợi ý trong kỳ"),
    ]


def test_only_an_approver_approves(
    client, issue, officer, approver, django_capture_on_commit_callbacks
):
    url = reverse("bulletin_issues:action", args=[issue.pk])
    _login(client, officer).post(url, {"action": "approve"})
    issue.refresh_from_db()
    assert issue.state == IssueState.DRAFT
    assert not AuditLogEntry.objects.filter(action="bulletin.issue_approve").exists()

    with django_capture_on_commit_callbacks(execute=True):
        _login(client, approver).post(url, {"action": "approve"})
    issue.refresh_from_db()
    assert issue.state == IssueState.APPROVED
    assert issue.approved_by == approver
    assert issue.pdf_pages >= 3  # rendered after commit


def test_progress_is_json(client, issue, officer):
    response = _login(client, officer).get(reverse("bulletin_issues:progress", args=[issue.pk]))
    assert response.json() == {
        "state": "draft",
        "state_label": "Bản nháp",
        "total": 0,
        "sent": 0,
        "failed": 0,
        "remaining": 0,
        "percent": 0,
    }


def test_issue_form_saves_ordered_articles_through_the_service(client, tree, bulletin, officer):
    first = ArticleFactory(unit=tree.unit, title="Bài một")
    second = ArticleFactory(unit=tree.parent, title="Bài hai")
    data = nested_form_data(
        {
            "bulletin": bulletin.pk,
            "number": 11,
            "year": 2023,
            "period_start": "2023-11-01",
            "period_end": "2023-11-30",
            "title": "Số tháng Mười Một",
            "editorial": rich_text("<p>Lời tòa soạn.</p>"),
            "articles": inline_formset(
                [{"section": "Tin", "page": second.pk}, {"section": "", "page": first.pk}]
            ),
        }
    )
    response = _login(client, officer).post(reverse("bulletin_issues:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get(number=11)
    assert [a.page_id for a in issue.articles.order_by("sort_order")] == [second.pk, first.pk]
    assert AuditLogEntry.objects.get(action="bulletin.issue_create").data == {
        "pages": [second.pk, first.pk]
    }


def test_issue_form_refuses_an_article_from_outside_the_subtree(client, tree, bulletin, officer):
    foreign = ArticleFactory(unit=tree.uncle, title="Bài BSR")
    data = nested_form_data(
        {
            "bulletin": bulletin.pk,
            "number": 12,
            "year": 2023,
            "period_start": "2023-12-01",
            "period_end": "2023-12-31",
            "title": "Số tháng Mười Hai",
            "editorial": rich_text(""),
            "articles": inline_formset([{"section": "Tin", "page": foreign.pk}]),
        }
    )
    response = _login(client, officer).post(reverse("bulletin_issues:add"), data)
    assert response.status_code == 200
    assert "Chỉ chọn được tin bài của đơn vị phát hành" in response.content.decode()
    assert not Issue.objects.filter(number=12).exists()


def test_suppression_import(client, officer):
    response = _login(client, officer).post(
        reverse("bulletin_suppressions:import"),
        {"addresses": "email\nA@Example.org\nb@example.org,ghi chú\nkhong-hop-le\n"},
    )
    assert response.status_code == 302
    assert sorted(Suppression.objects.values_list("email", "reason", "source")) == [
        ("a@example.org", "manual", "import"),
        ("b@example.org", "manual", "import"),
    ]


def test_the_edit_form_is_scoped_and_closed_after_approval(client, tree, issue, officer, approver):
    outsider = RoleAssignmentFactory(unit=tree.uncle, role=Role.OFFICER).user
    url = reverse("bulletin_issues:edit", args=[issue.pk])
    assert _login(client, outsider).get(url).status_code == 404
    assert _login(client, officer).get(url).status_code == 200
    issues.issue_approve(actor=approver, issue=issue)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletin_issues:detail", args=[issue.pk])


def test_sending_to_everyone_needs_the_recipient_count_confirmed(
    client, tree, issue, approver, django_capture_on_commit_callbacks
):
    from lantoa.bulletin.selectors import recipient_count
    from lantoa.org.tests.factories import MemberFactory

    for n in range(3):
        MemberFactory(unit=tree.unit, email=f"doanvien{n}@example.vn")
    issues.issue_approve(actor=approver, issue=issue)
    count = recipient_count(issue.bulletin)
    assert count == 3
    url = reverse("bulletin_issues:action", args=[issue.pk])
    _login(client, approver)
    page = client.get(reverse("bulletin_issues:detail", args=[issue.pk])).content.decode()
    assert f'name="confirm_count" value="{count}" required' in page
    assert "không thể thu hồi" in page

    # The send button alone (or a stale count) sends nothing.
    for data in ({"action": "send"}, {"action": "send", "confirm_count": "2"}):
        response = client.post(url, data, follow=True)
        assert "Chưa gửi: đánh dấu ô xác nhận gửi đến 3 người nhận" in response.content.decode()
    issue.refresh_from_db()
    assert issue.state == IssueState.APPROVED
    assert not AuditLogEntry.objects.filter(action="bulletin.issue_send").exists()

    client.post(url, {"action": "send", "confirm_count": "3"})
    issue.refresh_from_db()
    assert issue.state in (IssueState.SENDING, IssueState.SENT)
    assert AuditLogEntry.objects.filter(action="bulletin.issue_send").count() == 1
