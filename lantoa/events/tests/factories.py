"""Events data for tests and the demo: built through the services, so that an
event in a test obeys the same rules (approval, codes, check-in) as a real one."""

import datetime as dt
from typing import Any

from django.utils import timezone

from lantoa.core.actors import SYSTEM, Actor
from lantoa.events.models import Event, Programme, ProgrammeSession, Registration
from lantoa.events.services import attendance, gatherings, programmes
from lantoa.org.public import Member, OrgUnit

SPEAKERS = [
    {
        "full_name": "PGS.TS. Nguyễn Văn Minh",
        "position": "Phó Viện trưởng",
        "organisation": "Viện Dầu khí Việt Nam",
        "bio": "Chuyên gia an toàn vận hành công trình khí.",
    },
    {
        "full_name": "ThS. Lê Thị Hồng",
        "position": "Trưởng ban Chính sách – Pháp luật",
        "organisation": "Công đoàn Dầu khí Việt Nam",
    },
]
AGENDA = [
    {"starts_at": dt.time(8, 0), "title": "Khai mạc", "speaker_name": ""},
    {
        "starts_at": dt.time(8, 15),
        "title": "An toàn vệ sinh lao động trên công trình biển",
        "speaker_name": "PGS.TS. Nguyễn Văn Minh",
    },
    {"starts_at": dt.time(9, 30), "title": "Hỏi đáp với đoàn viên", "speaker_name": ""},
]


def at(days: int, hour: int = 8) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def event_draft(
    unit: OrgUnit,
    *,
    title: str = "Tọa đàm An toàn lao động – chuyên gia đầu ngành",
    days: int = 7,
    hours: int = 3,
    actor: Actor = SYSTEM,
    **fields: Any,
) -> Event:
    starts = fields.pop("starts_at", None) or at(days)
    defaults: dict[str, Any] = {
        "mode": "hybrid",
        "venue": "Hội trường tầng 5, 101 Lê Lợi, Vũng Tàu",
        "room_url": "https://meet.jit.si/lantoa-toa-dam-atvsld",
        "summary": "Các chuyên gia trao đổi với đoàn viên về an toàn lao động.",
    }
    return gatherings.event_create(
        actor=actor,
        unit=unit,
        title=title,
        starts_at=starts,
        ends_at=fields.pop("ends_at", None) or starts + dt.timedelta(hours=hours),
        speakers=fields.pop("speakers", SPEAKERS),
        agenda=fields.pop("agenda", AGENDA),
        **{**defaults, **fields},
    )


def event_approved(unit: OrgUnit, *, actor: Actor = SYSTEM, **kwargs: Any) -> Event:
    event = event_draft(unit, actor=actor, **kwargs)
    gatherings.event_submit(actor=actor, event=event)
    return gatherings.event_approve(actor=actor, event=event)


def register(event: Event, member: Member, *, actor: Actor = SYSTEM) -> Registration:
    return attendance.registration_create(actor=actor, event=event, member=member)


def programme(
    unit: OrgUnit,
    *,
    title: str = "Bài tập thể dục giữa giờ",
    kind: str = "exercise",
    days_before: int = 90,
    actor: Actor = SYSTEM,
) -> Programme:
    return programmes.programme_create(
        actor=actor,
        unit=unit,
        title=title,
        kind=kind,
        starts_on=timezone.localdate() - dt.timedelta(days=days_before),
    )


def session(
    prog: Programme,
    unit: OrgUnit,
    *,
    days_ago: int = 1,
    participants: int = 20,
    actor: Actor = SYSTEM,
    **fields: Any,
) -> ProgrammeSession:
    return programmes.session_report(
        actor=actor,
        programme=prog,
        unit=unit,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        participants=participants,
        **fields,
    )
