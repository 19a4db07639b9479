import pytest
from django.core.management import CommandError, call_command

from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.models import Issue
from lantoa.bulletin.tests.factories import ArticleFactory
from lantoa.org.tests.factories import OrgUnitFactory


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_bulletins")
    assert Issue.objects.count() == 0


def test_builds_a_few_issues_once(db, settings, wagtail_base):
    settings.DEBUG = True
    root = OrgUnitFactory(code="CDDKVN", name="Công đoàn Dầu khí Việt Nam")
    child = OrgUnitFactory(parent=root)
    for _ in range(12):
        ArticleFactory(unit=child)
    call_command("load_demo_bulletins")
    call_command("load_demo_bulletins")
    issues = list(Issue.objects.order_by("number"))
    assert [(i.number, i.state) for i in issues] == [
        (1, IssueState.SENT),
        (2, IssueState.SENT),
        (3, IssueState.APPROVED),
    ]
    assert [i.articles.count() for i in issues] == [5, 5, 2]
    assert all(i.pdf_pages >= 3 for i in issues)
