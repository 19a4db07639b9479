"""The photo contest's admin screens in the generated permission matrix
(lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.contests.services import contests
from lantoa.contests.tests.factories import contest_approved, send
from lantoa.core.actors import SYSTEM
from lantoa.org.choices import Perm
from lantoa.org.tests.factories import MemberFactory, UserFactory
from lantoa.tests.security.matrix import Screen, posted


def contest_at(unit, ctx):
    return contest_approved(unit, title=f"Cuộc thi ảnh {unit.code}")


def pending_contest_at(unit, ctx):
    today = timezone.localdate()
    contest = contests.contest_create(
        actor=SYSTEM,
        unit=unit,
        title=f"Cuộc thi chờ duyệt {unit.code}",
        entries_open_on=today,
        entries_close_on=today + dt.timedelta(days=10),
    )
    return contests.contest_submit(actor=SYSTEM, contest=contest)


def entry_at(unit, ctx):
    return send(contest_at(unit, ctx), MemberFactory(unit=unit, user=UserFactory()))


SCREENS = [
    Screen("contests_contests:edit", "view", pending_contest_at),
    Screen("contests_contests:detail", "view", contest_at),
    posted(
        "contests_contests:action",
        pending_contest_at,
        "action",
        "approve",
        perm=Perm.CONTENT_APPROVE,
    ),
    Screen(
        "contests_contests:action",
        "state",
        contest_at,
        "POST",
        data=lambda obj: {"action": "round_create", "title": "Vòng sơ khảo", "blind": "on"},
        label="contests_contests:action[round_create]",
    ),
    Screen("contests_entries:moderate", "view", entry_at),
    posted("contests_entries:moderate", entry_at, "decision", "approve"),
]
