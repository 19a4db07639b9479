"""Events with speakers: approval, registration, check-in, questions, the
recording and summary, attendance per unit and share texts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantoa.core.actors import SYSTEM
from lantoa.core.events import subscribe, unsubscribe
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry, StoredEvent
from lantoa.events.choices import EventState, QuestionState, ReportState, ShareChannel
from lantoa.events.events import ATTENDANCE_RECORDED
from lantoa.events.exceptions import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CheckInCodeUnknown,
    EventFull,
    EventNotOpen,
    NotEligible,
    QuestionsClosed,
    ReportStateInvalid,
)
from lantoa.events.models import Event, Question, Registration
from lantoa.events.selectors import (
    attendance_by_unit,
    event_totals,
    events_for_member,
    participation_figures,
    room_open,
    share_texts,
    when_line,
)
from lantoa.events.services import attendance, gatherings, questions, reports
from lantoa.events.services.attendance import normalise_code
from lantoa.events.tests.factories import at, event_approved, event_draft, register
from lantoa.org.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_an_officer_drafts_and_an_approver_approves(tree, people):
    event = event_draft(tree.parent, actor=people.officer)
    assert [s.full_name for s in event.speakers.all()] == [
        "PGS.TS. Nguyễn Văn Minh",
        "ThS. Lê Thị Hồng",
    ]
    assert [a.title for a in event.agenda.all()] == [
        "Khai mạc",
        "An toàn vệ sinh lao động trên công trình biển",
        "Hỏi đáp với đoàn viên",
    ]
    gatherings.event_submit(actor=people.officer, event=event)
    with pytest.raises(PermissionDenied):
        gatherings.event_approve(actor=people.officer, event=event)
    gatherings.event_approve(actor=people.approver, event=event)
    event.refresh_from_db()
    assert event.state == EventState.APPROVED
    assert event.approved_by == people.approver
    actions = list(
        AuditLogEntry.objects.filter(action__startswith="events.event_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["events.event_create", "events.event_submit", "events.event_approve"]


def test_an_officer_outside_the_unit_cannot_draft(tree, people):
    with pytest.raises(PermissionDenied):
        event_draft(tree.parent, actor=people.outsider)
    assert Event.objects.count() == 0
    assert not AuditLogEntry.objects.filter(action="events.event_create").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"mode": "online", "room_url": ""}, "room_url", "cần đường dẫn phòng họp"),
        ({"room_url": "http://meet.jit.si/x"}, "room_url", "https://"),
        ({"room_url": "javascript:alert(1)"}, "room_url", "https://"),
        ({"mode": "in_person", "venue": "", "room_url": ""}, "venue", "cần địa điểm"),
        ({"capacity": 0}, "capacity", "lớn hơn 0"),
    ],
)
def test_bad_event_fields_are_refused_with_a_message(tree, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        event_draft(tree.parent, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    assert Event.objects.count() == 0


def test_a_member_registers_once_and_is_checked_in_once(tree, people, member):
    event = event_approved(tree.parent)
    registration = register(event, member, actor=member.user)
    assert len(registration.code) == 8
    with pytest.raises(AlreadyRegistered):
        register(event, member, actor=member.user)
    done = attendance.checkin_record(
        actor=people.officer, event=event, code=f"  {registration.code.lower()} "
    )
    assert done.pk == registration.pk
    assert done.checked_in_by == people.officer
    with pytest.raises(AlreadyCheckedIn) as again:
        attendance.checkin_record(actor=people.officer, event=event, code=registration.code)
    assert "Nguyễn Thị Lan đã được điểm danh lúc" in again.value.message
    assert event_totals(event).attended == 1
    assert AuditLogEntry.objects.filter(action="events.checkin_record").count() == 1


def test_a_code_of_another_event_is_unknown_at_this_door(tree, people, member):
    first = event_approved(tree.parent, title="Sự kiện một")
    second = event_approved(tree.parent, title="Sự kiện hai")
    registration = register(first, member)
    with pytest.raises(CheckInCodeUnknown):
        attendance.checkin_record(actor=people.officer, event=second, code=registration.code)
    with pytest.raises(CheckInCodeUnknown):
        attendance.checkin_record(actor=people.officer, event=first, code="not a code")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


def test_only_officers_of_the_organiser_check_in(tree, people, member):
    event = event_approved(tree.parent)
    registration = register(event, member)
    for actor in (people.unit_officer, people.outsider, member.user):
        with pytest.raises(PermissionDenied):
            attendance.checkin_record(actor=actor, event=event, code=registration.code)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ABCD2345", "ABCD2345"),
        ("abcd-2345", "ABCD2345"),
        ("https://lantoa.example/admin/x/?ma=ABCD2345", "ABCD2345"),
        ("LANTOA:ABCD2345", "ABCD2345"),
        ("ABCD0345", ""),  # 0 is not in the alphabet
        ("", ""),
    ],
)
def test_codes_are_read_from_what_a_scanner_or_a_person_types(text, code):
    assert normalise_code(text) == code


def test_checkin_announces_attendance_after_commit(
    tree, people, member, django_capture_on_commit_callbacks
):
    heard = []
    subscribe(
        ATTENDANCE_RECORDED,
        lambda event, actor: heard.append(event.payload),
        name="tests.attendance",
        label="test",
    )
    try:
        event = event_approved(tree.parent)
        registration = register(event, member)
        with django_capture_on_commit_callbacks(execute=True):
            attendance.checkin_record(actor=people.officer, event=event, code=registration.code)
    finally:
        unsubscribe(ATTENDANCE_RECORDED, name="tests.attendance")
    assert heard == [
        {"registration_id": registration.pk, "event_id": event.pk, "unit_id": tree.unit.pk}
    ]
    assert StoredEvent.objects.filter(name="events.attendance_recorded").count() == 1


def test_members_outside_the_subtree_cannot_register(tree, member):
    event = event_approved(tree.unit)
    sibling = MemberFactory(unit=tree.sibling)
    with pytest.raises(NotEligible):
        register(event, sibling)
    assert [e.pk for e in events_for_member(member)] == [event.pk]
    assert events_for_member(sibling) == []


def test_registration_closes_and_capacity_holds(tree, member):
    event = event_approved(tree.parent, capacity=1)
    register(event, MemberFactory(unit=tree.unit))
    with pytest.raises(EventFull):
        register(event, member)
    past = event_approved(tree.parent, title="Đã qua", starts_at=at(-2))
    with pytest.raises(EventNotOpen):
        register(past, member)
    assert Registration.objects.filter(member=member).count() == 0


def test_attendance_rolls_up_one_level_below_the_organiser(tree, people):
    event = event_approved(tree.root)
    codes = [
        register(event, MemberFactory(unit=unit)).code
        for unit in (tree.unit, tree.child, tree.grandchild, tree.sibling, tree.uncle)
    ]
    register(event, MemberFactory(unit=tree.root))  # a member of the organiser itself
    for code in codes[:3]:
        attendance.checkin_record(actor=SYSTEM, event=event, code=code)
    rows = {r.unit.code: (r.registered, r.attended) for r in attendance_by_unit(event)}
    assert rows == {"PVGAS": (4, 3), "BSR": (1, 0), "DKVN": (1, 0)}
    below = {
        r.unit.code: (r.registered, r.attended) for r in attendance_by_unit(event, tree.parent)
    }
    assert below == {"KVT": (3, 3), "KCM": (1, 0)}


def test_questions_wait_for_moderation(tree, people, member):
    event = event_approved(tree.parent)
    question = questions.question_ask(
        actor=member.user, event=event, member=member, text="Chế độ bồi dưỡng ca đêm thế nào?"
    )
    assert question.state == QuestionState.PENDING
    with pytest.raises(PermissionDenied):
        questions.question_moderate(
            actor=people.outsider, question=question, state=QuestionState.APPROVED
        )
    questions.question_moderate(
        actor=people.officer, question=question, state=QuestionState.APPROVED
    )
    question.refresh_from_db()
    assert (question.state, question.moderated_by) == (QuestionState.APPROVED, people.officer)
    other = MemberFactory(unit=tree.unit)
    with pytest.raises(NotEligible):
        questions.question_ask(actor=member.user, event=event, member=other, text="Hỏi thay ai?")
    for n in range(4):
        questions.question_ask(actor=member.user, event=event, member=member, text=f"Câu {n} ạ?")
    with pytest.raises(QuestionsClosed):
        questions.question_ask(actor=member.user, event=event, member=member, text="Câu thứ 6?")
    assert Question.objects.filter(member=member).count() == 5


def test_the_recording_and_summary_wait_for_the_unit(tree, people):
    upcoming = event_approved(tree.parent)
    with pytest.raises(ReportStateInvalid):
        reports.report_submit(
            actor=people.officer,
            event=upcoming,
            recording_url="https://video.example/ghi-hinh",
            summary="Tóm tắt quá sớm, sự kiện chưa diễn ra.",
        )
    event = event_approved(tree.parent, title="Đã diễn ra", starts_at=at(-3))
    with pytest.raises(ValidationError) as bad:
        reports.report_submit(
            actor=people.officer, event=event, recording_url="ftp://x", summary="ngắn"
        )
    assert set(bad.value.message_dict) == {"recording_url", "report_summary"}
    reports.report_submit(
        actor=people.officer,
        event=event,
        recording_url="https://bbb.pvgas.example/playback/abc",
        summary="Hơn 200 đoàn viên dự, 35 câu hỏi về an toàn lao động được giải đáp.",
    )
    with pytest.raises(PermissionDenied):
        reports.report_publish(actor=people.officer, event=event)
    reports.report_publish(actor=people.approver, event=event)
    event.refresh_from_db()
    assert event.report_state == ReportState.PUBLISHED
    assert event.report_published_at is not None


def test_the_room_opens_half_an_hour_before(tree):
    event = event_approved(tree.parent, days=1)
    assert room_open(event, now=event.starts_at - dt.timedelta(minutes=31)) is False
    assert room_open(event, now=event.starts_at - dt.timedelta(minutes=29)) is True
    assert room_open(event, now=event.ends_at + dt.timedelta(minutes=1)) is False


def test_share_texts_per_channel(tree):
    event = event_approved(tree.parent)
    texts = share_texts(event)
    assert set(texts) == set(ShareChannel.values)
    assert texts[ShareChannel.FACEBOOK].startswith(
        "📣 Tọa đàm An toàn lao động – chuyên gia đầu ngành\n🕗 "
    )
    assert "Diễn giả: PGS.TS. Nguyễn Văn Minh, ThS. Lê Thị Hồng" in texts[ShareChannel.ZALO]
    assert "Địa điểm: Hội trường tầng 5, 101 Lê Lợi, Vũng Tàu" in texts[ShareChannel.ZALO]
    # Without a site for the unit there is no page address to add.
    assert texts[ShareChannel.TELEGRAM] == (
        f"Tọa đàm An toàn lao động – chuyên gia đầu ngành · {when_line(event)}"
    )
    assert texts[ShareChannel.VIBER] == texts[ShareChannel.TELEGRAM]


def test_participation_figures_for_a_subtree(tree, member):
    event = event_approved(tree.parent, starts_at=timezone.now() + dt.timedelta(hours=1))
    attendance.checkin_record(actor=SYSTEM, event=event, code=register(event, member).code)
    start = timezone.now() - dt.timedelta(days=1)
    end = timezone.now() + dt.timedelta(days=1)
    figures = participation_figures(tree.parent, start, end)
    assert (figures.events_held, figures.attendees) == (1, 1)
    elsewhere = participation_figures(tree.uncle, start, end)
    assert (elsewhere.events_held, elsewhere.attendees) == (0, 0)


def test_an_approved_event_changes_only_by_an_approver(tree, people):
    event = event_approved(tree.parent)
    with pytest.raises(PermissionDenied):
        gatherings.event_update(actor=people.officer, event=event, venue="Phòng họp số 2")
    gatherings.event_update(
        actor=people.approver,
        event=event,
        venue="Phòng họp số 2",
        speakers=[{"full_name": "TS. Phạm Quốc Việt"}],
    )
    event.refresh_from_db()
    assert event.venue == "Phòng họp số 2"
    assert [s.full_name for s in event.speakers.all()] == ["TS. Phạm Quốc Việt"]
    entry = AuditLogEntry.objects.filter(action="events.event_update").get()
    assert entry.data["changed"] == {
        "venue": ["Hội trường tầng 5, 101 Lê Lợi, Vũng Tàu", "Phòng họp số 2"]
    }
    assert entry.data["speakers"] is True


def test_no_questions_after_the_end(tree, member):
    event = event_approved(tree.parent, starts_at=at(-1))
    event.ends_at = timezone.now() - dt.timedelta(minutes=1)
    event.save(update_fields=["ends_at"])
    with pytest.raises(QuestionsClosed):
        questions.question_ask(actor=member.user, event=event, member=member, text="Còn kịp?")
    assert Question.objects.count() == 0
