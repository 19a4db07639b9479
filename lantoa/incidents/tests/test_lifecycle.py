"""An incident's life cycle and its escalation up the tree, on a frozen clock."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.incidents import selectors
from lantoa.incidents.actors import SWEEP
from lantoa.incidents.choices import (
    Category,
    EscalationReason,
    IncidentAction,
    IncidentState,
    NoticeKind,
    ReportSource,
    ReportState,
    Severity,
    StepRole,
    TimelineKind,
)
from lantoa.incidents.models import Escalation, Incident, Notice
from lantoa.incidents.services import escalation, incidents, intake
from lantoa.incidents.tests.factories import (
    FactFactory,
    IncidentFactory,
    PlaybookFactory,
    PlaybookStepFactory,
    rumour_open,
)

T0 = dt.datetime(2025, 6, 10, 8, 0, tzinfo=dt.UTC)


class Clock:
    """A frozen clock for every `timezone.now()` the services (and Django's
    auto_now fields) read; `advance()` moves it."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(T0)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def playbook(tree):
    book = PlaybookFactory(unit=tree.root, name="Tin sai về Đại hội", category=Category.FALSE_CLAIM)
    PlaybookStepFactory(playbook=book, order=1, title="Xác minh, lưu bằng chứng", due_minutes=60)
    PlaybookStepFactory(
        playbook=book,
        order=2,
        title="Đăng thông tin ban đầu",
        due_minutes=120,
        role=StepRole.APPROVER,
        counts_as_response=True,
        holding_statement="{don_vi} đã nắm thông tin và khẳng định: {du_kien}",
    )
    PlaybookStepFactory(playbook=book, order=3, title="Đăng phản hồi chính thức", due_minutes=240)
    return book


def open_incident(tree, people, **fields):
    report = intake.report_create(
        actor=people.unit_officer,
        unit=tree.unit,
        source=ReportSource.OFFICER,
        text="Trang lạ đăng tin Đại hội công đoàn ngành bị hoãn",
    )
    return rumour_open(people.unit_officer, tree.unit, reports=[report], **fields)


def test_opening_applies_the_playbook_with_due_times_from_detection(tree, people, playbook, clock):
    FactFactory(
        unit=tree.root,
        statement="Đại hội họp ngày 18–20/7/2023 đúng kế hoạch.",
        keywords="đại hội hoãn",
    )
    incident = open_incident(tree, people)
    assert incident.state == IncidentState.OPEN
    assert incident.detected_at == T0
    assert incident.playbook == playbook
    steps = list(incident.steps.order_by("order"))
    assert [(s.order, s.due_at - T0, s.role) for s in steps] == [
        (1, dt.timedelta(minutes=60), StepRole.OFFICER),
        (2, dt.timedelta(minutes=120), StepRole.APPROVER),
        (3, dt.timedelta(minutes=240), StepRole.OFFICER),
    ]
    assert steps[1].holding_statement == (
        "CĐCS Khí Vũng Tàu đã nắm thông tin và khẳng định: Đại hội họp ngày 18–20/7/2023 đúng "
        "kế hoạch."
    )
    assert incident.reports.get().state == ReportState.ATTACHED
    assert list(incident.timeline.values_list("kind", flat=True)) == [
        TimelineKind.OPENED,
        TimelineKind.REPORT,
        TimelineKind.PLAYBOOK,
    ]


def test_clocks_from_detection_to_first_response_and_resolution(tree, people, playbook, clock):
    incident = open_incident(tree, people)
    first, second, third = incident.steps.order_by("order")
    clock.advance(minutes=40)
    incidents.step_complete(actor=people.unit_officer, step=first, note="Đã lưu ảnh")
    incident.refresh_from_db()
    assert incident.state == IncidentState.RESPONDING
    assert incident.first_response_at is None  # checking is not answering
    clock.advance(minutes=50)
    incidents.step_complete(actor=people.unit_approver, step=second)
    incidents.step_skip(actor=people.unit_officer, step=third, note="Tin đã tự gỡ")
    clock.advance(hours=3)
    incidents.incident_resolve(actor=people.unit_officer, incident=incident)
    incident.refresh_from_db()
    assert (incident.minutes_to_first_response, incident.minutes_to_resolution) == (90, 270)
    with pytest.raises(InvalidInput, match="bài học"):
        incidents.incident_close(actor=people.unit_officer, incident=incident, lessons="")
    incidents.incident_close(
        actor=people.unit_officer, incident=incident, lessons="Cần có sẵn dữ kiện về Đại hội"
    )
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    incidents.incident_reopen(
        actor=people.unit_officer, incident=incident, reason="Tin đồn lan lại trên TikTok"
    )
    incident.refresh_from_db()
    assert (incident.state, incident.resolved_at, incident.first_response_at) == (
        IncidentState.RESPONDING,
        None,
        T0 + dt.timedelta(minutes=90),
    )
    actions = list(
        AuditLogEntry.objects.filter(target_id=str(incident.pk), target_type__model="incident")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        IncidentAction.INCIDENT_OPEN,
        IncidentAction.PLAYBOOK_APPLY,
        IncidentAction.STEP_COMPLETE,
        IncidentAction.STEP_COMPLETE,
        IncidentAction.STEP_SKIP,
        IncidentAction.INCIDENT_RESOLVE,
        IncidentAction.INCIDENT_CLOSE,
        IncidentAction.INCIDENT_REOPEN,
    ]


def test_a_late_step_escalates_to_the_parent_once(
    tree, people, playbook, clock, mailoutbox, django_capture_on_commit_callbacks
):
    incident = open_incident(tree, people)
    clock.advance(minutes=59)
    assert escalation.steps_sweep(actor=SWEEP) == 0
    clock.advance(minutes=2)  # step 1 is one minute late
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.steps_sweep(actor=SWEEP) == 1
        assert escalation.steps_sweep(actor=SWEEP) == 0  # marked late once
    step = incident.steps.get(order=1)
    assert step.late_at == T0 + dt.timedelta(minutes=61)
    up = Escalation.objects.get()
    assert (up.from_unit, up.to_unit, up.reason, up.step) == (
        tree.unit,
        tree.parent,
        EscalationReason.STEP_LATE,
        step,
    )
    notices = {(n.unit, n.kind) for n in Notice.objects.all()}
    assert notices == {(tree.unit, NoticeKind.STEP_LATE), (tree.parent, NoticeKind.ESCALATED)}
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == ["duyet.pvgas@example.vn", "tuyengiao.pvgas@example.vn"]
    assert message.subject == "[Lantoa] Sự cố báo lên: Tin đồn hoãn Đại hội"
    assert f"/admin/su-co/su-co/{incident.pk}/" in message.body
    assert message.body.count("http://") == 1
    # The next late step goes one level further: the industry union.
    clock.advance(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.steps_sweep(actor=SWEEP) == 1
    assert list(incident.escalations.values_list("to_unit__code", flat=True)) == ["PVGAS", "DKVN"]
    # And the top of the tree is as far as it goes.
    clock.advance(hours=3)
    assert escalation.steps_sweep(actor=SWEEP) == 1
    assert incident.escalations.count() == 2


def test_a_done_step_never_escalates(tree, people, playbook, clock):
    incident = open_incident(tree, people)
    incidents.step_complete(actor=people.unit_officer, step=incident.steps.get(order=1))
    clock.advance(minutes=61)
    assert escalation.steps_sweep(actor=SWEEP) == 0
    assert not Escalation.objects.exists()


def test_severity_rising_to_high_escalates(tree, people, clock):
    incident = open_incident(tree, people)
    assert not Escalation.objects.exists()
    incidents.incident_triage(
        actor=people.unit_officer,
        incident=incident,
        severity=Severity.HIGH,
        category=Category.IMPERSONATION,
        affected_units=[tree.unit, tree.child],
    )
    up = Escalation.objects.get()
    assert (up.to_unit, up.reason) == (tree.parent, EscalationReason.SEVERITY_RAISED)
    incident.refresh_from_db()
    assert set(incident.affected_units.all()) == {tree.unit, tree.child}
    # Lowered and raised again within "high": no second escalation.
    incidents.incident_triage(
        actor=people.unit_officer,
        incident=incident,
        severity=Severity.HIGH,
        category=Category.IMPERSONATION,
    )
    assert Escalation.objects.count() == 1


def test_parent_takes_over_and_the_unit_still_sees_it(tree, people, playbook, clock):
    incident = open_incident(tree, people, severity=Severity.CRITICAL)
    assert Escalation.objects.get().to_unit == tree.parent
    with pytest.raises(PermissionDenied):
        escalation.incident_take_over(
            actor=people.unit_officer, incident=incident, unit=tree.parent
        )
    with pytest.raises(InvalidInput):
        escalation.incident_take_over(actor=people.root_officer, incident=incident, unit=tree.root)
    escalation.incident_take_over(actor=people.parent_officer, incident=incident, unit=tree.parent)
    incident.refresh_from_db()
    assert incident.handling_unit == tree.parent
    assert Escalation.objects.get().taken_over_by == people.parent_officer
    assert incident in selectors.incidents_for(people.unit_officer)
    # The unit's officer no longer leads: steps are the parent's to carry out.
    with pytest.raises(PermissionDenied):
        incidents.step_complete(actor=people.unit_officer, step=incident.steps.get(order=1))
    incidents.step_complete(actor=people.parent_officer, step=incident.steps.get(order=1))


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("root_officer", {"unit", "child", "sibling", "uncle"}),
        ("parent_officer", {"unit", "child", "sibling"}),
        ("unit_officer", {"unit", "child"}),
        ("sibling_officer", {"sibling"}),
    ],
)
def test_scope_the_top_sees_its_whole_subtree(tree, people, who, sees):
    made = {
        name: IncidentFactory(unit=getattr(tree, name))
        for name in ("unit", "child", "sibling", "uncle")
    }
    visible = set(selectors.open_incidents_for(getattr(people, who)))
    assert visible == {made[name] for name in sees}


def test_member_sees_nothing(tree, people, django_user_model):
    IncidentFactory(unit=tree.unit)
    member = django_user_model.objects.create_user("doanvien", password="x")
    assert not selectors.incidents_for(member).exists()


def test_out_of_scope_cannot_open_and_nothing_is_written(tree, people):
    with pytest.raises(PermissionDenied):
        rumour_open(
            people.sibling_officer,
            tree.unit,
            title="X",
            category=Category.OTHER,
            severity=Severity.LOW,
        )
    assert not Incident.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_a_report_of_another_branch_cannot_be_attached(tree, people):
    report = intake.report_create(
        actor=people.root_officer, unit=tree.sibling, source=ReportSource.OFFICER, text="Tin"
    )
    with pytest.raises(PermissionDenied):
        rumour_open(
            people.root_officer,
            tree.unit,
            title="X",
            category=Category.OTHER,
            severity=Severity.LOW,
            reports=[report],
        )
    report.refresh_from_db()
    assert report.state == ReportState.NEW


def test_similar_past_incidents(tree, people):
    old = IncidentFactory(
        unit=tree.sibling, title="Tin đồn hoãn Đại hội công đoàn", claim="Đại hội bị hoãn"
    )
    IncidentFactory(unit=tree.unit, title="Mạo danh chủ tịch vay tiền", claim="Nhắn Zalo vay tiền")
    IncidentFactory(unit=tree.uncle, title="Tin đồn hoãn Đại hội ở BSR", claim="Đại hội hoãn")
    new = IncidentFactory(unit=tree.unit, title="Đại hội lùi lịch?", claim="dai hoi bi hoan")
    found = [m.incident for m in selectors.incidents_similar(new)]
    assert found[0] == old  # same branch (PV GAS); BSR's is another branch
    assert all(i.unit != tree.uncle for i in found)
