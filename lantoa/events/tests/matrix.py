"""The events' admin screens in the generated permission matrix
(lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.core.actors import SYSTEM
from lantoa.events.models import Question
from lantoa.events.services import gatherings, programmes
from lantoa.events.tests.factories import event_approved, event_draft, programme, session
from lantoa.org.choices import Perm
from lantoa.org.tests.factories import MemberFactory
from lantoa.tests.security.matrix import Screen, posted


def event_at(unit, ctx):
    return event_approved(unit, title=f"Sự kiện {unit.code}")


def draft_event_at(unit, ctx):
    return event_draft(unit, title=f"Nháp {unit.code}")


def pending_event_at(unit, ctx):
    event = event_draft(unit, title=f"Sự kiện chờ duyệt {unit.code}")
    return gatherings.event_submit(actor=SYSTEM, event=event)


def question_at(unit, ctx):
    event = event_at(unit, ctx)
    return Question.objects.create(
        event=event,
        member=MemberFactory(unit=unit),
        unit_path=unit.path,
        text="Chế độ ca đêm thế nào ạ?",
    )


def past_event_with_report_at(unit, ctx):
    from lantoa.events.services import reports
    from lantoa.events.tests.factories import at

    event = event_approved(unit, title=f"Đã diễn ra {unit.code}", starts_at=at(-2))
    return reports.report_submit(
        actor=SYSTEM,
        event=event,
        recording_url="https://bbb.example/playback/1",
        summary="Tóm tắt đủ dài của sự kiện đã diễn ra.",
    )


def programme_at(unit, ctx):
    return programme(unit, title=f"Thể dục giữa giờ {unit.code}")


def session_at(unit, ctx):
    prog = programmes.programme_create(
        actor=SYSTEM,
        unit=unit,
        title=f"Tết Sum vầy {unit.code}",
        kind="visits",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
    )
    return session(prog, unit, participants=12, gifts=12)


def reported_from_below(role, position):
    # A programme launched above the officer's unit is theirs to report for
    # and to read their own slice of (its edit screen stays the launcher's).
    if role in ("officer", "approver", "administrator") and position == "parent":
        return "ok"
    return None


APPROVE = {"perm": Perm.CONTENT_APPROVE}

SCREENS = [
    Screen("events_events:edit", "view", pending_event_at),
    Screen("events_events:detail", "view", event_at),
    Screen("events_events:checkin", "view", event_at),
    Screen(
        "events_events:checkin",
        "state",
        event_at,
        "POST",
        data=lambda obj: {"code": "ABCD2345"},
        label="events_events:checkin[post]",
    ),
    Screen("events_events:report", "view", event_at),
    Screen(
        "events_events:report",
        "edit",
        event_at,
        "POST",
        data=lambda obj: {"recording_url": "", "summary": "x"},
        label="events_events:report[post]",
    ),
    posted("events_events:action", pending_event_at, "action", "approve", **APPROVE),
    posted("events_events:action", draft_event_at, "action", "submit"),
    Screen(
        "events_events:report_publish",
        "state",
        past_event_with_report_at,
        "POST",
        **APPROVE,
    ),
    Screen(
        "events_events:question",
        "state",
        question_at,
        "POST",
        data=lambda obj: {"state": "approved"},
    ),
    Screen("events_programmes:edit", "view", programme_at),
    Screen("events_programmes:detail", "view", programme_at, expect=reported_from_below),
    Screen("events_programmes:report", "view", programme_at, expect=reported_from_below),
    Screen(
        "events_programmes:report",
        "edit",
        programme_at,
        "POST",
        data=lambda obj: {"participants": "5"},
        label="events_programmes:report[post]",
        expect=reported_from_below,
    ),
    Screen("events_programmes:session_delete", "delete", session_at, "POST"),
]
