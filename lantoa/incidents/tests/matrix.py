"""Incidents' screens in the generated permission matrix (lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.incidents.choices import ResponseState, StepRole
from lantoa.incidents.models import IncidentStep, Response, Tipline
from lantoa.incidents.tests.factories import (
    FactFactory,
    IncidentFactory,
    PlaybookFactory,
    PlaybookStepFactory,
    ReportFactory,
)
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import Screen


def incident_at(unit, ctx):
    return IncidentFactory(unit=unit)


def step_at(unit, ctx):
    return IncidentStep.objects.create(
        incident=IncidentFactory(unit=unit),
        order=1,
        title="Xác minh",
        role=StepRole.OFFICER,
        due_at=timezone.now() + dt.timedelta(hours=1),
    )


def response_at(unit, ctx, state=ResponseState.SUBMITTED):
    return Response.objects.create(
        incident=IncidentFactory(unit=unit), text="Phản hồi", state=state
    )


def draft_response_at(unit, ctx):
    return response_at(unit, ctx, state=ResponseState.DRAFT)


def report_at(unit, ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lantoa.newsroom.tests.factories import png_bytes

    report = ReportFactory(unit=unit)
    report.screenshot.save("chup.png", SimpleUploadedFile("chup.png", png_bytes()), save=True)
    return report


def incident_report_at(unit, ctx):
    incident = IncidentFactory(unit=unit)
    return ReportFactory(unit=unit, incident=incident, url="https://zalo.me/g/tin-xau")


def fact_at(unit, ctx):
    return FactFactory(unit=unit)


def playbook_at(unit, ctx):
    step = PlaybookStepFactory(playbook=PlaybookFactory(unit=unit))
    return step.playbook


def tipline_at(unit, ctx):
    return Tipline.objects.create(account=ChannelAccountFactory(unit=unit), unit=unit)


def used_from_below(role, position):
    # Facts and playbooks of a unit above are used (seen) below, not changed.
    if position == "parent" and role in ("officer", "approver", "administrator"):
        return "denied"
    return None


def notice_at(unit, ctx):
    from lantoa.incidents.choices import NoticeKind
    from lantoa.incidents.models import Notice

    return Notice.objects.create(
        unit=unit, kind=NoticeKind.ESCALATED, incident=IncidentFactory(unit=unit), text="Báo lên"
    )


def own_unit_only(role, position):
    # A notice is addressed to one unit: the role's own, not its subtree.
    if role in ("officer", "approver", "administrator") and position in ("child", "grandchild"):
        return 404
    return None


def step_args(step):
    return [step.incident_id, step.pk]


def response_args(response):
    return [response.incident_id, response.pk]


def looked_up_first(role, position):
    # The incident is looked up before the right to approve is asked: outside
    # the scope it does not exist (404), even for an officer who may not approve.
    if role == "officer" and position in ("sibling", "parent"):
        return 404
    return None


APPROVE = {"perm": Perm.CONTENT_APPROVE, "expect": looked_up_first}
INC = "incidents_incidents"

SCREENS = [
    Screen(f"{INC}:notice_read", "state", notice_at, "POST", expect=own_unit_only),
    Screen("incidents_facts:edit", "view", fact_at, expect=used_from_below),
    Screen(
        "incidents_facts:edit",
        "edit",
        fact_at,
        "POST",
        label="incidents_facts:edit[edit]",
        expect=used_from_below,
    ),
    Screen("incidents_playbooks:edit", "view", playbook_at, expect=used_from_below),
    Screen(
        "incidents_playbooks:edit",
        "edit",
        playbook_at,
        "POST",
        label="incidents_playbooks:edit[edit]",
        expect=used_from_below,
    ),
    Screen("incidents_tiplines:edit", "edit", tipline_at, "POST"),
    Screen(
        "incidents_reports:dismiss", "state", report_at, "POST", data=lambda o: {"reason": "Không"}
    ),
    Screen("incidents_reports:file", "view", report_at, args=lambda r: [r.pk, "screenshot"]),
    Screen(f"{INC}:detail", "view", incident_at),
    Screen(f"{INC}:report_pdf", "view", incident_at),
    Screen(f"{INC}:triage", "edit", incident_at, "POST", data=lambda o: {"title": "X"}),
    Screen(f"{INC}:note", "edit", incident_at, "POST", data=lambda o: {"note-text": "Đã gọi điện"}),
    Screen(f"{INC}:resolve", "state", incident_at, "POST"),
    Screen(f"{INC}:close", "state", incident_at, "POST", data=lambda o: {"lessons": "Bài học"}),
    Screen(f"{INC}:reopen", "state", incident_at, "POST", data=lambda o: {"reason": "Lan lại"}),
    Screen(f"{INC}:escalate", "state", incident_at, "POST", data=lambda o: {"note": "Cần hỗ trợ"}),
    Screen(f"{INC}:takeover", "state", incident_at, "POST"),
    Screen(f"{INC}:playbook", "edit", incident_at, "POST"),
    Screen(f"{INC}:attach", "edit", incident_at, "POST"),
    Screen(
        f"{INC}:removal_request",
        "edit",
        incident_report_at,
        "POST",
        args=lambda r: [r.incident_id, r.pk],
        data=lambda o: {"method": "platform_report", "note": "Đã báo cáo với Zalo"},
    ),
    Screen(f"{INC}:step_complete", "state", step_at, "POST", args=step_args),
    Screen(
        f"{INC}:step_skip",
        "state",
        step_at,
        "POST",
        args=step_args,
        data=lambda o: {"note": "Không cần"},
    ),
    Screen(f"{INC}:response_edit", "view", draft_response_at, args=response_args),
    Screen(
        f"{INC}:response_edit",
        "edit",
        draft_response_at,
        "POST",
        args=response_args,
        data=lambda o: {"text": "Phản hồi đã sửa"},
        label=f"{INC}:response_edit[edit]",
    ),
    Screen(f"{INC}:response_submit", "state", response_at, "POST", args=response_args),
    Screen(f"{INC}:response_approve", "state", response_at, "POST", args=response_args, **APPROVE),
    Screen(
        f"{INC}:response_return",
        "state",
        response_at,
        "POST",
        args=response_args,
        data=lambda o: {"note": "Sửa lại"},
        **APPROVE,
    ),
    Screen(f"{INC}:response_publish", "state", response_at, "POST", args=response_args),
]
