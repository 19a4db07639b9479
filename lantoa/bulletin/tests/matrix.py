"""The bulletin's screens in the generated permission matrix
(lantoa/tests/security/)."""

from lantoa.bulletin.models import Suppression
from lantoa.bulletin.tests.factories import BulletinFactory, IssueFactory
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import Screen


def issue_at(unit, ctx):
    return IssueFactory(bulletin=BulletinFactory(unit=unit))


def suppression(unit, ctx):
    # One list for the whole platform: it belongs to no unit.
    return Suppression.objects.create(email=f"chan-{unit.code.lower()}@example.com")


SCREENS = [
    Screen("bulletin_issues:edit", "view", issue_at),
    Screen("bulletin_issues:edit", "edit", issue_at, "POST", label="bulletin_issues:edit[edit]"),
    Screen("bulletin_issues:detail", "view", issue_at),
    Screen("bulletin_issues:progress", "view", issue_at),
    Screen(
        "bulletin_issues:action", "state", issue_at, "POST", data=lambda obj: {"action": "approve"}
    ),
    Screen(
        "bulletin_suppressions:delete",
        "delete",
        suppression,
        "POST",
        perm=Perm.CONTENT_APPROVE,
        global_rows=True,
    ),
]
