"""The back office: an officer drafts an event with speakers, the unit's
approver approves it (its page appears on the unit's site), officers check
members in at the door and moderate questions; units report programme
sessions with photos and read participation per unit and month."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.events.choices import EventState, QuestionState, ReportState, ShareChannel
from lantoa.events.models import Event, EventPage, ProgrammeSession, Question, Registration
from lantoa.events.selectors import share_texts
from lantoa.events.services import questions, reports
from lantoa.events.tests.factories import at, event_approved, programme, register, session
from lantoa.org.tests.factories import MemberFactory, admin_client, site_home_of

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def test_officer_drafts_approver_approves_and_the_page_goes_live(tree, people, wagtail_base):
    home = site_home_of(tree.parent)
    starts = at(10, 8)
    officer = admin_client(people.officer)
    data = nested_form_data(
        {
            "unit": tree.parent.pk,
            "title": "Tọa đàm An toàn lao động trên công trình biển",
            "summary": "Chuyên gia đầu ngành trao đổi với đoàn viên.",
            "description": "",
            "mode": "hybrid",
            "venue": "Hội trường PV GAS, Vũng Tàu",
            "room_url": "https://meet.jit.si/pvgas-atvsld",
            "starts_at": _local(starts),
            "ends_at": _local(starts + dt.timedelta(hours=3)),
            "registration_closes_at": "",
            "capacity": "200",
            "questions_open": "on",
            "share_text": "",
            "speakers": inline_formset(
                [
                    {
                        "full_name": "PGS.TS. Nguyễn Văn Minh",
                        "position": "Phó Viện trưởng",
                        "organisation": "Viện Dầu khí Việt Nam",
                        "bio": "",
                    }
                ]
            ),
            "agenda": inline_formset(
                [
                    {"starts_at": "08:30", "title": "Trình bày", "speaker_name": "PGS.TS. Minh"},
                    {"starts_at": "08:00", "title": "Khai mạc", "speaker_name": ""},
                ]
            ),
        }
    )
    response = officer.post(reverse("events_events:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert response["Location"] == reverse("events_events:detail", args=[event.pk])
    assert [s.full_name for s in event.speakers.all()] == ["PGS.TS. Nguyễn Văn Minh"]
    assert [a.title for a in event.agenda.all()] == ["Khai mạc", "Trình bày"]
    action = reverse("events_events:action", args=[event.pk])
    officer.post(action, {"action": "submit"})
    refused = officer.post(action, {"action": "approve"})  # an officer may not approve
    assert refused["Location"] == reverse("wagtailadmin_home")
    event.refresh_from_db()
    assert event.state == EventState.PENDING
    admin_client(people.approver).post(action, {"action": "approve"})
    event.refresh_from_db()
    assert event.state == EventState.APPROVED
    page = EventPage.objects.get(event=event)
    assert (page.live, page.get_parent().pk) == (True, home.pk)
    html = Client().get(page.url).content.decode()
    assert "Tọa đàm An toàn lao động trên công trình biển" in html
    assert "PGS.TS. Nguyễn Văn Minh" in html
    assert "Hội trường PV GAS, Vũng Tàu" in html
    # The share texts carry the page's address.
    texts = share_texts(event)
    assert texts[ShareChannel.TELEGRAM].endswith(page.get_full_url())
    detail = officer.get(reverse("events_events:detail", args=[event.pk])).content.decode()
    assert 'data-channel="facebook"' in detail
    assert reverse("events_events:checkin", args=[event.pk]) in detail


def test_check_in_at_the_door(tree, people, member):
    event = event_approved(tree.parent)
    registration = register(event, member)
    officer = admin_client(people.officer)
    url = reverse("events_events:checkin", args=[event.pk])
    page = officer.get(url).content.decode()
    assert '<strong class="events-attended">0</strong> / 1' in page
    done = officer.post(url, {"code": registration.code.lower()}).content.decode()
    assert "Đã điểm danh: Nguyễn Thị Lan" in done
    assert "CĐCS Khí Vũng Tàu" in done
    assert '<strong class="events-attended">1</strong> / 1' in done
    again = officer.post(url, {"code": registration.code}).content.decode()
    assert "Nguyễn Thị Lan đã được điểm danh lúc" in again
    wrong = officer.post(url, {"code": "ZZZZ2222"}).content.decode()
    assert "Mã điểm danh không đúng hoặc không thuộc sự kiện này." in wrong
    assert AuditLogEntry.objects.filter(action="events.checkin_record").count() == 1
    # An officer of another branch does not find the event at all.
    assert admin_client(people.outsider).get(url).status_code == 404


def test_questions_are_moderated_on_the_event_screen(tree, people, member):
    event = event_approved(tree.parent)
    question = questions.question_ask(
        actor=member.user, event=event, member=member, text="Ca đêm có được bồi dưỡng thêm?"
    )
    officer = admin_client(people.officer)
    detail = officer.get(reverse("events_events:detail", args=[event.pk])).content.decode()
    assert "Ca đêm có được bồi dưỡng thêm?" in detail
    officer.post(reverse("events_events:question", args=[question.pk]), {"state": "approved"})
    question.refresh_from_db()
    assert question.state == QuestionState.APPROVED
    officer.post(reverse("events_events:question", args=[question.pk]), {"state": "bogus"})
    question.refresh_from_db()
    assert question.state == QuestionState.APPROVED
    assert Question.objects.filter(state=QuestionState.APPROVED).count() == 1


def test_the_summary_goes_on_the_page_once_approved(
    tree, people, wagtail_base, django_capture_on_commit_callbacks
):
    site_home_of(tree.parent)
    event = event_approved(
        tree.parent, title="Giao lưu trực tuyến Tháng Công nhân", starts_at=at(-1)
    )
    page = EventPage.objects.get(event=event)
    officer = admin_client(people.officer)
    form = officer.post(
        reverse("events_events:report", args=[event.pk]),
        {"recording_url": "https://bbb.pvgas.example/playback/42", "summary": "ngắn"},
    )
    assert "Hãy viết tóm tắt (ít nhất 20 ký tự)." in form.content.decode()
    officer.post(
        reverse("events_events:report", args=[event.pk]),
        {
            "recording_url": "https://bbb.pvgas.example/playback/42",
            "summary": "Hơn 300 đoàn viên tham dự trực tuyến, 40 câu hỏi được giải đáp.",
        },
    )
    event.refresh_from_db()
    assert event.report_state == ReportState.PENDING
    assert "Hơn 300 đoàn viên" not in Client().get(page.url).content.decode()
    approver = admin_client(people.approver)
    with django_capture_on_commit_callbacks(execute=True):  # the site's cache renewed
        approver.post(reverse("events_events:report_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.report_state == ReportState.PUBLISHED
    html = Client().get(page.url).content.decode()
    assert "Hơn 300 đoàn viên tham dự trực tuyến" in html
    assert "https://bbb.pvgas.example/playback/42" in html


def _jpeg(name="buoi-tap.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_grassroots_officer_reports_a_session_of_a_programme_from_above(
    tree, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    prog = programme(tree.parent)
    for _ in range(9):
        MemberFactory(unit=tree.unit)
    officer = admin_client(people.unit_officer)  # officer of KVT, below PV GAS
    listing = officer.get(reverse("events_programmes:index")).content.decode()
    assert "Bài tập thể dục giữa giờ" in listing
    url = reverse("events_programmes:report", args=[prog.pk])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    bad = officer.post(
        url,
        {
            "unit": tree.unit.pk,
            "held_on": yesterday.isoformat(),
            "participants": "6",
            "photos": [SimpleUploadedFile("x.jpg", b"not an image")],
        },
    )
    assert "không phải ảnh" in bad.content.decode()
    assert ProgrammeSession.objects.count() == 0
    response = officer.post(
        url,
        {
            "unit": tree.unit.pk,
            "held_on": yesterday.isoformat(),
            "participants": "6",
            "gifts": "",
            "note": "Tập ca sáng",
            "photos": [_jpeg()],
        },
    )
    assert response.status_code == 302
    reported = ProgrammeSession.objects.get()
    assert (reported.unit, reported.participants, reported.members) == (tree.unit, 6, 9)
    assert reported.photos.count() == 1
    # The launching unit's officer reads the rate per unit and per month.
    session(prog, tree.sibling, participants=3)
    page = admin_client(people.officer).get(reverse("events_programmes:detail", args=[prog.pk]))
    html = page.content.decode()
    assert '<td>CĐCS Khí Vũng Tàu</td><td class="num">1</td><td class="num">6</td>' in html
    assert "66.7%" in html or "66,7%" in html
    # The grassroots officer reads only their slice.
    mine = officer.get(reverse("events_programmes:detail", args=[prog.pk])).content.decode()
    assert "CĐCS Khí Cà Mau" not in mine


def test_attendance_per_unit_on_the_event_screen(tree, people):
    event = event_approved(tree.parent)
    for unit in (tree.unit, tree.unit, tree.sibling):
        register(event, MemberFactory(unit=unit))
    first = Registration.objects.filter(unit=tree.unit).first()
    from lantoa.events.services import attendance

    attendance.checkin_record(actor=SYSTEM, event=event, code=first.code)
    html = admin_client(people.officer).get(reverse("events_events:detail", args=[event.pk]))
    text = html.content.decode()
    assert (
        '<td>CĐCS Khí Vũng Tàu</td><td class="num">2</td><td class="num">1</td>'
        '<td class="num">50.0%</td>'
    ) in text or "50,0%" in text


def test_a_report_cannot_be_sent_before_the_event(tree, people):
    event = event_approved(tree.parent)
    with pytest.raises(Exception) as caught:
        reports.report_submit(
            actor=people.officer,
            event=event,
            recording_url="",
            summary="Tóm tắt viết trước khi diễn ra sự kiện.",
        )
    assert "sau khi sự kiện đã diễn ra" in str(caught.value.message)


def test_the_add_forms_render_for_an_officer(tree, people):
    officer = admin_client(people.officer)
    event_form = officer.get(reverse("events_events:add")).content.decode()
    assert 'name="speakers-TOTAL_FORMS"' in event_form
    assert 'name="agenda-TOTAL_FORMS"' in event_form
    assert 'name="relay_down"' in event_form
    programme_form = officer.get(reverse("events_programmes:add"))
    assert programme_form.status_code == 200
    assert 'name="kind"' in programme_form.content.decode()


def test_an_officer_creates_a_programme(tree, people):
    officer = admin_client(people.officer)
    response = officer.post(
        reverse("events_programmes:add"),
        {
            "unit": tree.parent.pk,
            "title": "Tết Sum vầy – Xuân nghĩa tình Dầu khí",
            "kind": "visits",
            "description": "",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not AuditLogEntry.objects.filter(action="events.programme_create").exists()
    response = officer.post(
        reverse("events_programmes:add"),
        {
            "unit": tree.parent.pk,
            "title": "Tết Sum vầy – Xuân nghĩa tình Dầu khí",
            "kind": "visits",
            "description": "",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    entry = AuditLogEntry.objects.get(action="events.programme_create")
    assert (entry.actor, entry.unit_path) == (people.officer, tree.parent.path)
