"""Demo events and programmes (DEBUG only, fixed seed), all organised by the
root union through the services:

- the mid-shift exercise programme, with sessions reported by grassroots
  unions week after week over the last three months (participants drawn
  from the seed, a photo on some), and the Tết visits with gifts;
- an upcoming hybrid talk with experts, registrations from across the tree
  and questions (from members with an account) waiting for moderation (the
  member demo account
  `doanvien.khicamau` is left to register and show its QR itself);
- a past online exchange with attendance checked in, approved questions and
  its recording and summary published.

Idempotent: an existing demo programme is kept."""

import datetime as dt
import io
import random

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from devstack.demo import DEMO_ACTOR
from devstack.demo.loading import SeededDemoLoader
from lantoa.core.exceptions import PermissionDenied
from lantoa.events.choices import QuestionState
from lantoa.events.models import Event, Programme, Registration
from lantoa.events.services import attendance, gatherings, programmes, questions, reports
from lantoa.events.tests.factories import AGENDA, SPEAKERS
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member, OrgUnit

EXERCISE_TITLE = "Bài tập thể dục giữa giờ"
VISITS_TITLE = "Tết Sum vầy – Xuân nghĩa tình Dầu khí"
UPCOMING_TITLE = "Tọa đàm An toàn vệ sinh lao động trên công trình biển"
PAST_TITLE = "Giao lưu trực tuyến: Công đoàn lắng nghe người lao động"
DEMO_SEED = 2027
DEMO_MEMBER_EMAIL = "doanvien.khicamau@example.com"
QUESTIONS = (
    "Chế độ bồi dưỡng độc hại cho ca đêm năm nay có thay đổi không?",
    "Công nhân giàn khoan được khám sức khỏe định kỳ mấy lần một năm?",
    "Khi phát hiện nguy cơ mất an toàn, người lao động báo cho ai trước?",
    "Công đoàn có hỗ trợ đoàn viên học thêm chứng chỉ an toàn không?",
    "Thời gian nghỉ giữa ca trên công trình biển được quy định thế nào?",
)


class EventsDemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = "Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển)."


def _photo(rng: random.Random, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    colour = (rng.randint(40, 220), rng.randint(40, 220), rng.randint(40, 220))
    Image.new("RGB", (320, 240), colour).save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class EventsDemoLoader(SeededDemoLoader):
    def __init__(self, *, people: int = 80, units: int = 12, seed: int = DEMO_SEED) -> None:
        self.people = people
        self.units = units
        super().__init__(seed=seed)

    def members(self, count: int) -> list[Member]:
        ids = list(
            Member.objects.filter(status=MemberStatus.ACTIVE)
            .exclude(email=DEMO_MEMBER_EMAIL)
            .order_by("id")
            .values_list("id", flat=True)
        )
        picked = sorted(self.rng.sample(ids, min(count, len(ids))))
        return list(Member.objects.filter(id__in=picked).select_related("unit").order_by("id"))

    def grassroots(self, root: OrgUnit) -> list[OrgUnit]:
        """Units with members of their own (where sessions are held)."""
        units = list(
            OrgUnit.objects.filter(path__startswith=root.path, active_member_count__gt=0).order_by(
                "path"
            )
        )
        return sorted(self.rng.sample(units, min(self.units, len(units))), key=lambda u: u.path)

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise EventsDemoRequiresDebug()
        root = self.root()
        if Programme.objects.filter(unit=root, title=EXERCISE_TITLE).exists():
            return {}
        with transaction.atomic():
            self.programmes(root)
            self.upcoming(root)
            self.past(root)
        return dict(self.counts)

    # -- programmes --------------------------------------------------------------------

    def programmes(self, root: OrgUnit) -> None:
        today = timezone.localdate()
        exercise = programmes.programme_create(
            actor=DEMO_ACTOR,
            unit=root,
            title=EXERCISE_TITLE,
            kind="exercise",
            starts_on=today - dt.timedelta(days=90),
            description="Mỗi ca làm việc dành 10 phút tập bài thể dục giữa giờ.",
        )
        visits = programmes.programme_create(
            actor=DEMO_ACTOR,
            unit=root,
            title=VISITS_TITLE,
            kind="visits",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today - dt.timedelta(days=30),
            description="Thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn dịp Tết.",
        )
        self.counts.update(Programme=2)
        units = self.grassroots(root)
        for unit in units:
            members = max(unit.active_member_count, 1)
            keen = self.rng.uniform(0.45, 0.95)  # how keen this unit is
            for week in range(12, 0, -1):
                if self.rng.random() < 0.2:
                    continue  # a week without a report
                held_on = today - dt.timedelta(days=week * 7 - self.rng.randint(0, 4))
                photos = (
                    [_photo(self.rng, f"the-duc-{unit.code}-{week}.jpg")]
                    if self.rng.random() < 0.15
                    else []
                )
                programmes.session_report(
                    actor=DEMO_ACTOR,
                    programme=exercise,
                    unit=unit,
                    held_on=held_on,
                    participants=max(1, round(members * keen * self.rng.uniform(0.8, 1.05))),
                    photos=photos,
                )
                self.counts["ProgrammeSession"] += 1
                self.counts["SessionPhoto"] += len(photos)
        for unit in units[: max(1, len(units) // 2)]:
            members = max(unit.active_member_count, 1)
            gifts = min(self.rng.randint(5, 30), members)  # a gift per member visited
            programmes.session_report(
                actor=DEMO_ACTOR,
                programme=visits,
                unit=unit,
                held_on=today - dt.timedelta(days=self.rng.randint(31, 59)),
                participants=min(members, gifts + self.rng.randint(2, 6)),
                gifts=gifts,
                note="Thăm gia đình đoàn viên, trao quà Tết.",
            )
            self.counts["ProgrammeSession"] += 1

    # -- events --------------------------------------------------------------------------

    def _event(self, root: OrgUnit, title: str, starts_at: dt.datetime, **fields: object) -> Event:
        event = gatherings.event_create(
            actor=DEMO_ACTOR,
            unit=root,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=3),
            speakers=SPEAKERS,
            agenda=AGENDA,
            **fields,  # type: ignore[arg-type]
        )
        gatherings.event_submit(actor=DEMO_ACTOR, event=event)
        self.counts["Event"] += 1
        return gatherings.event_approve(actor=DEMO_ACTOR, event=event)

    def _at(self, days: int, hour: int) -> dt.datetime:
        day = timezone.localdate() + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    def _register(self, event: Event, members: list[Member]) -> list[Registration]:
        out = []
        for member in members:
            out.append(attendance.registration_create(actor=DEMO_ACTOR, event=event, member=member))
            self.counts["Registration"] += 1
        return out

    def _ask(self, event: Event, members: list[Member], state: str | None) -> None:
        askers = [m for m in members if m.user is not None]
        for member, text in zip(askers, QUESTIONS, strict=False):
            assert member.user is not None  # noqa: S101 — narrowed above, for mypy
            question = questions.question_ask(
                actor=member.user, event=event, member=member, text=text
            )
            if state is not None:
                questions.question_moderate(actor=DEMO_ACTOR, question=question, state=state)
            self.counts["Question"] += 1

    def upcoming(self, root: OrgUnit) -> None:
        event = self._event(
            root,
            UPCOMING_TITLE,
            self._at(6, 8),
            mode="hybrid",
            venue="Hội trường Tập đoàn, 18 Láng Hạ, Hà Nội",
            room_url="https://meet.jit.si/lantoa-cddkvn-atvsld",
            summary="Chuyên gia đầu ngành trao đổi với đoàn viên về an toàn trên công trình biển.",
            capacity=300,
        )
        people = self.members(self.people)
        self._register(event, people)
        self._ask(event, people, None)

    def past(self, root: OrgUnit) -> None:
        # Registration happens before an event; the demo registers for it
        # first, then moves it into the past (demo only).
        event = self._event(
            root,
            PAST_TITLE,
            self._at(1, 14),
            mode="online",
            room_url="https://bbb.cddkvn.example/b/cdd-lang-nghe",
            summary="Lãnh đạo Công đoàn Dầu khí Việt Nam trả lời trực tiếp câu hỏi của đoàn viên.",
        )
        people = self.members(self.people)
        registrations = self._register(event, people)
        self._ask(event, people[::3], QuestionState.APPROVED)
        starts = self._at(-18, 14)
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
        )
        event.refresh_from_db()
        for registration in registrations:
            if self.rng.random() < 0.72:
                attendance.checkin_record(actor=DEMO_ACTOR, event=event, code=registration.code)
                self.counts["CheckIn"] += 1
        Registration.objects.filter(event=event, checked_in_at__isnull=False).update(
            checked_in_at=starts + dt.timedelta(minutes=5)
        )
        reports.report_submit(
            actor=DEMO_ACTOR,
            event=event,
            recording_url="https://bbb.cddkvn.example/playback/cdd-lang-nghe",
            summary=(
                f"{self.counts['CheckIn']} đoàn viên từ các đơn vị trong ngành đã tham dự "
                "trực tuyến. Lãnh đạo Công đoàn Dầu khí Việt Nam giải đáp các câu hỏi về chế "
                "độ ca đêm, khám sức khỏe định kỳ và an toàn lao động."
            ),
        )
        reports.report_publish(actor=DEMO_ACTOR, event=event)
