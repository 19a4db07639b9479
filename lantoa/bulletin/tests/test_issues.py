"""Issue services: scope, states, and the article protocol."""

import datetime as dt

import pytest
from wagtail.rich_text import RichText

from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.content import article_view
from lantoa.bulletin.models import Issue
from lantoa.bulletin.services import issues
from lantoa.bulletin.services.issues import ArticleOutOfScope, IssueNotEditable, IssueWrongState
from lantoa.bulletin.services.rendering import issue_sections
from lantoa.bulletin.tests.factories import (
    ArticleFactory,
    ImageFactory,
    IssueArticleFactory,
    IssueFactory,
)
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory


def test_create_is_scoped_and_numbers_are_unique(tree, bulletin, officer):
    kwargs = {
        "bulletin": bulletin,
        "number": 10,
        "year": 2023,
        "period_start": dt.date(2023, 10, 1),
        "period_end": dt.date(2023, 10, 31),
        "title": "Số mười",
    }
    issue = issues.issue_create(actor=officer, **kwargs)
    assert (issue.state, issue.created_by, issue.label) == (IssueState.DRAFT, officer, "Số 10/2023")
    with pytest.raises(InvalidInput, match="Bản tin đã có số 10/2023"):
        issues.issue_create(actor=officer, **kwargs)
    outsider = RoleAssignmentFactory(unit=tree.uncle, role=Role.OFFICER).user
    with pytest.raises(PermissionDenied):
        issues.issue_create(actor=outsider, **{**kwargs, "number": 11})
    assert Issue.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="bulletin.issue_create").count() == 1


def test_articles_must_come_from_the_units_subtree(tree, bulletin, officer):
    issue = IssueFactory(bulletin=bulletin)
    inside = ArticleFactory(unit=tree.grandchild)
    with pytest.raises(ArticleOutOfScope):
        issues.issue_set_articles(
            actor=officer,
            issue=issue,
            items=[("Tin", inside), ("", ArticleFactory(unit=tree.uncle))],
        )
    assert issue.articles.count() == 0
    issues.issue_set_articles(actor=officer, issue=issue, items=[("Tin", inside)])
    assert [a.page_id for a in issue.articles.all()] == [inside.pk]


def test_approval_by_an_approver_of_the_unit_only(
    tree, bulletin, approver, django_capture_on_commit_callbacks
):
    issue = IssueFactory(bulletin=bulletin)
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit))
    sibling_approver = RoleAssignmentFactory(unit=tree.sibling, role=Role.APPROVER).user
    with pytest.raises(PermissionDenied):
        issues.issue_approve(actor=sibling_approver, issue=issue)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approved = issues.issue_approve(actor=approver, issue=issue)
    assert len(callbacks) == 1  # the PDF rendering, after commit
    assert approved.state == IssueState.APPROVED
    with pytest.raises(IssueWrongState):
        issues.issue_approve(actor=approver, issue=approved)
    with pytest.raises(IssueNotEditable):
        issues.issue_update(actor=approver, issue=approved, title="Sửa sau duyệt")
    back = issues.issue_return_to_draft(actor=approver, issue=approved)
    assert (back.state, back.approved_by) == (IssueState.DRAFT, None)


def test_an_empty_issue_cannot_be_approved(bulletin, approver):
    issue = IssueFactory(bulletin=bulletin)
    with pytest.raises(InvalidInput, match="chưa có bài"):
        issues.issue_approve(actor=approver, issue=issue)


def test_sections_group_consecutive_rows_and_skip_deleted_pages(tree, bulletin):
    issue = IssueFactory(bulletin=bulletin)
    for n, section in enumerate(["Thời sự", "", "Đời sống", "Đời sống"]):
        IssueArticleFactory(
            issue=issue,
            section=section,
            sort_order=n,
            page=ArticleFactory(unit=tree.unit, title=f"Bài {n}"),
        )
    issue.articles.get(sort_order=3).page.delete()
    assert [(s.title, [a.title for a in s.articles]) for s in issue_sections(issue)] == [
        ("Thời sự", ["Bài 0", "Bài 1"]),
        ("Đời sống", ["Bài 2"]),
    ]


def test_the_page_protocol_reads_the_newsroom_article(tree):
    picture = ImageFactory()
    page = ArticleFactory(
        unit=tree.unit,
        title="Tiêu đề",
        lead="Sapo",
        author="Phóng viên",
        body=[
            ("text", RichText("<p>Đoạn <b>một</b>.</p>")),
            ("quote", {"quote": "Trích dẫn", "attribution": "Chủ tịch"}),
            ("image", {"image": picture, "caption": "Chú thích", "credit": "", "alt": ""}),
        ],
    )
    view = article_view(page)
    assert (view.title, view.lead, view.author, view.unit_name) == (
        "Tiêu đề",
        "Sapo",
        "Phóng viên",
        "CĐCS Khí Vũng Tàu",
    )
    assert (view.image, view.image_caption) == (picture, "Chú thích")  # no hero: first image block
    assert view.text == "Đoạn một.\n\n“Trích dẫn” — Chủ tịch"
    assert [p.kind for p in view.parts] == [
        "html",
        "quote",
    ]  # the picture shown above is not repeated
