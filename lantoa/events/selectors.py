"""Reads of the events app with their rules: what a member sees, attendance
and participation rolled up per unit and month, share texts per channel,
and the figures analytics reads (docs/subsystems/event-programmes.md)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lantoa.core.dates import format_datetime_line
from lantoa.core.exceptions import NotFound
from lantoa.events.choices import EventState, QuestionState, ReportState, ShareChannel
from lantoa.events.models import (
    Event,
    EventPage,
    Programme,
    ProgrammeSession,
    Question,
    Registration,
)
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit

RECENT_DAYS = 30
"""A past event stays in the member's list this many days after it ended."""
ROOM_OPENS_MINUTES = 30
"""A registered member sees the online room link this long before the start."""

# -- members -------------------------------------------------------------------------


def _ancestor_paths(path: str, steplen: int) -> list[str]:
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


def events_for_member(member: Member) -> list[Event]:
    """Approved events of the member's unit and every unit above it, from
    upcoming to those that ended in the last month, soonest first."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    paths = _ancestor_paths(member.unit_path, OrgUnit.steplen)
    return list(
        Event.objects.filter(state=EventState.APPROVED, unit__path__in=paths, ends_at__gte=since)
        .select_related("unit")
        .order_by("starts_at", "id")
    )


def event_and_registration(
    member: Member, public_id: UUID
) -> tuple[Event, Registration | None] | None:
    """The event as the member may see it (approved, organised above them),
    with their registration; None when they may not."""
    paths = _ancestor_paths(member.unit_path, OrgUnit.steplen)
    event = (
        Event.objects.filter(public_id=public_id, state=EventState.APPROVED, unit__path__in=paths)
        .select_related("unit")
        .first()
    )
    if event is None:
        return None
    registration = Registration.objects.filter(event=event, member=member).first()
    return event, registration


def member_registration_ids(member: Member, events: list[Event]) -> dict[int, Registration]:
    return {r.event_id: r for r in Registration.objects.filter(member=member, event__in=events)}


def room_open(event: Event, now: dt.datetime | None = None) -> bool:
    """Whether a registered member is shown the online room now."""
    now = now or timezone.now()
    opens = event.starts_at - dt.timedelta(minutes=ROOM_OPENS_MINUTES)
    return bool(event.is_online and event.room_url and opens <= now <= event.ends_at)


def approved_questions(event: Event) -> list[Question]:
    return list(
        Question.objects.filter(
            event=event, state__in=(QuestionState.APPROVED, QuestionState.ANSWERED)
        ).order_by("created_at", "id")
    )


def member_questions(event: Event, member: Member) -> list[Question]:
    return list(Question.objects.filter(event=event, member=member).order_by("created_at", "id"))


# -- attendance ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    unit: OrgUnit
    registered: int
    attended: int

    @property
    def rate(self) -> Decimal:
        if not self.registered:
            return Decimal("0")
        return (Decimal(self.attended) * 100 / self.registered).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Totals:
    registered: int
    attended: int
    questions: int
    pending_questions: int


def event_totals(event: Event) -> Totals:
    regs = Registration.objects.filter(event=event).aggregate(
        registered=Count("id"), attended=Count("id", filter=Q(checked_in_at__isnull=False))
    )
    qs = Question.objects.filter(event=event).aggregate(
        n=Count("id"), pending=Count("id", filter=Q(state=QuestionState.PENDING))
    )
    return Totals(regs["registered"], regs["attended"], qs["n"], qs["pending"])


def attendance_by_unit(event: Event, level: OrgUnit | None = None) -> list[AttendanceRow]:
    """Registered and checked-in members per unit one level below `level`
    (the organiser by default; members of `level` itself count at it),
    most attended first. One query."""
    base = level or event.unit
    width = len(base.path) + OrgUnit.steplen
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Registration.objects.filter(event=event, unit_path__startswith=base.path)
        .values("unit_path")
        .annotate(n=Count("id"), came=Count("id", filter=Q(checked_in_at__isnull=False)))
    )
    for row in rows:
        key = row["unit_path"][:width]
        counts[key][0] += row["n"]
        counts[key][1] += row["came"]
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=list(counts))}
    out = [
        AttendanceRow(units[path], registered, attended)
        for path, (registered, attended) in counts.items()
        if path in units
    ]
    out.sort(key=lambda r: (-r.attended, -r.registered, r.unit.path))
    return out


def recent_checkins(event: Event, limit: int = 10) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, checked_in_at__isnull=False)
        .select_related("member", "unit")
        .order_by("-checked_in_at", "-id")[:limit]
    )


# -- programmes --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationRow:
    label: str
    sessions: int
    participants: int
    members: int
    gifts: int

    @property
    def rate(self) -> Decimal:
        """Participants per member per session, in percent."""
        if not self.members:
            return Decimal("0")
        return (Decimal(self.participants) * 100 / self.members).quantize(Decimal("0.1"))


def _participation(rows: Any, label: Any) -> list[ParticipationRow]:
    return [
        ParticipationRow(
            label=label(row),
            sessions=row["sessions"],
            participants=row["participants"] or 0,
            members=row["members"] or 0,
            gifts=row["gifts"] or 0,
        )
        for row in rows
    ]


_SUMS = {
    "sessions": Count("id"),
    "participants": Sum("participants"),
    "members": Sum("members"),
    "gifts": Sum("gifts"),
}


def programme_by_unit(programme: Programme, level: OrgUnit | None = None) -> list[ParticipationRow]:
    """Sessions, participants and the participation rate (participants over
    the reporting units' members, session by session) per unit one level
    below `level` (the launching unit by default)."""
    base = level or programme.unit
    width = len(base.path) + OrgUnit.steplen
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_SUMS, 0))
    rows = (
        ProgrammeSession.objects.filter(programme=programme, unit_path__startswith=base.path)
        .values("unit_path")
        .annotate(**_SUMS)
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        bucket = sums[values["unit_path"][:width]]
        for name in _SUMS:
            bucket[name] += values[name] or 0
    units = {u.path: u.name for u in OrgUnit.objects.filter(path__in=list(sums))}
    out = _participation(
        [{"path": p, **v} for p, v in sums.items() if p in units], lambda r: units[r["path"]]
    )
    out.sort(key=lambda r: (-r.rate, r.label))
    return out


def programme_by_month(
    programme: Programme, level: OrgUnit | None = None
) -> list[ParticipationRow]:
    """The same figures per month (the rate over time), oldest first."""
    base = level or programme.unit
    rows = (
        ProgrammeSession.objects.filter(programme=programme, unit_path__startswith=base.path)
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(**_SUMS)
        .order_by("month")
    )
    return _participation(rows, lambda r: f"{r['month']:%m/%Y}")


def programme_totals(programme: Programme, level: OrgUnit | None = None) -> ParticipationRow:
    base = level or programme.unit
    row = ProgrammeSession.objects.filter(
        programme=programme, unit_path__startswith=base.path
    ).aggregate(**_SUMS)
    return _participation([row], lambda r: base.name)[0]


def programme_sessions(
    programme: Programme, level: OrgUnit | None = None, limit: int = 50
) -> QuerySet[ProgrammeSession]:
    base = level or programme.unit
    return (
        ProgrammeSession.objects.filter(programme=programme, unit_path__startswith=base.path)
        .select_related("unit")
        .prefetch_related("photos")
        .order_by("-held_on", "-id")[:limit]
    )


# -- spreading -------------------------------------------------------------------------


def event_page_url(event: Event) -> str:
    page = EventPage.objects.filter(event=event, live=True).first()
    return (page.get_full_url() or "") if page is not None else ""


def _when(event: Event) -> str:
    return format_datetime_line(event.starts_at)


def share_texts(event: Event) -> dict[str, str]:
    """A ready-to-post text per channel: the officer's own introduction (or
    one written from the title, time and place) and the page's address.
    Facebook and Zalo get a paragraph; Telegram and Viber a short message."""
    url = event_page_url(event)
    intro = event.share_text.strip() or event.summary.strip()
    place = []
    if event.has_venue and event.venue:
        place.append(f"Địa điểm: {event.venue}")
    if event.is_online:
        place.append("Trực tuyến: đoàn viên đăng ký tại khu vực đoàn viên để nhận đường dẫn")
    speakers = ", ".join(s.full_name for s in event.speakers.all())
    lines = [f"📣 {event.title}", f"🕗 {_when(event)}", *place]
    if speakers:
        lines.append(f"Diễn giả: {speakers}")
    long_text = "\n".join([*lines, "", intro, "", url]).replace("\n\n\n", "\n\n").strip()
    short = " · ".join(filter(None, [event.title, _when(event)]))
    short_text = f"{short}\n{url}".strip()
    return {
        ShareChannel.FACEBOOK: long_text + "\n#CongDoanDauKhi",
        ShareChannel.ZALO: long_text,
        ShareChannel.TELEGRAM: short_text,
        ShareChannel.VIBER: short_text,
    }


@dataclass(frozen=True)
class EventRelay:
    """What a directive relaying an approved event down the tree carries."""

    event_id: int
    unit: OrgUnit
    title: str
    summary: str
    when: str
    starts_at: dt.datetime
    page_url: str
    texts: dict[str, str]  # ShareChannel → text


def event_relay(event_id: int) -> EventRelay | None:
    """The relay package of an approved event; None when it is not (any more)."""
    event = (
        Event.objects.filter(pk=event_id, state=EventState.APPROVED).select_related("unit").first()
    )
    if event is None:
        return None
    return EventRelay(
        event_id=event.pk,
        unit=event.unit,
        title=event.title,
        summary=event.summary or event.share_text,
        when=_when(event),
        starts_at=event.starts_at,
        page_url=event_page_url(event),
        texts=share_texts(event),
    )


def public_event_context(event: Event) -> dict[str, Any]:
    """What the event's public page shows (no member names)."""
    report = event.report_state == ReportState.PUBLISHED
    return {
        "event": event,
        "speakers": list(event.speakers.all()),
        "agenda": list(event.agenda.all()),
        "when": _when(event),
        "totals": event_totals(event) if event.starts_at <= timezone.now() else None,
        "report": report,
        "questions": approved_questions(event) if event.questions_open else [],
    }


# -- the figures analytics reads --------------------------------------------------------


@dataclass(frozen=True)
class ParticipationFigures:
    events_held: int  # approved events organised in the subtree
    attendees: int  # members checked in at them
    sessions: int  # programme sessions the subtree's units reported
    session_participants: int  # people who took part in them


def participation_figures(
    unit: OrgUnit, starts_at: dt.datetime, ends_at: dt.datetime
) -> ParticipationFigures:
    """A unit subtree's events and programme participation over a period,
    counted live from the source (three queries). Analytics counts the same
    in its monthly facts, per unit and month (docs/subsystems/event-programmes.md)."""
    events_held = Event.objects.filter(
        state=EventState.APPROVED,
        unit__path__startswith=unit.path,
        starts_at__gte=starts_at,
        starts_at__lt=ends_at,
    ).count()
    attendees = Registration.objects.filter(
        unit_path__startswith=unit.path,
        checked_in_at__gte=starts_at,
        checked_in_at__lt=ends_at,
    ).count()
    sessions = ProgrammeSession.objects.filter(
        unit_path__startswith=unit.path,
        held_on__gte=timezone.localtime(starts_at).date(),
        held_on__lt=timezone.localtime(ends_at).date(),
    ).aggregate(n=Count("id"), people=Sum("participants"))
    return ParticipationFigures(
        events_held=events_held,
        attendees=attendees,
        sessions=sessions["n"],
        session_participants=sessions["people"] or 0,
    )


def when_line(event: Event) -> str:
    return _when(event)


# -- officers and programmes -------------------------------------------------------------


def programmes_for_officer(user: Any) -> QuerySet[Programme]:
    """Programmes an officer works with: launched in their scope, or launched
    above one of their units (a grassroots union reports for the industry
    union's programme and reads its own slice)."""
    paths = scoping.scope_paths(user, Perm.CONTENT_EDIT)
    if paths is None:
        return Programme.objects.all()
    if not paths:
        return Programme.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(unit__path__startswith=path)
        condition |= Q(unit__path__in=_ancestor_paths(path, OrgUnit.steplen))
    return Programme.objects.filter(condition)


def programme_for_officer(user: Any, pk: Any) -> Programme:
    """One of `programmes_for_officer`, or NotFound."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    programme = programmes_for_officer(user).select_related("unit").filter(pk=key).first()
    if programme is None:
        raise NotFound()
    return programme


def officer_level(user: Any, programme: Programme) -> OrgUnit | None:
    """Where an officer reads a programme's figures from: the launching unit
    when it is in their scope (None), else their highest unit below it."""
    if scoping.user_can(user, Perm.CONTENT_EDIT, programme.unit):
        return None
    return (
        scoping.units_for(user, Perm.CONTENT_EDIT)
        .filter(path__startswith=programme.unit.path)
        .order_by("depth", "path")
        .first()
    )
