"""Reads of the race app with rules: what a member may join, the boards,
and the per-unit results other apps use (docs/subsystems/race.md)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, FloatField, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from lantoa.org.public import Member, OrgUnit
from lantoa.race.choices import ActivityStatus, AppealStatus, RaceState
from lantoa.race.models import (
    Activity,
    Appeal,
    Certificate,
    Race,
    RacePage,
    Registration,
    UnitResult,
)

BOARD_PAGE_SIZE = 50


def _eligible(race: Race, member: Member) -> bool:
    paths = [u.path for u in race.eligible_units.all()] or [race.unit.path]
    return any(member.unit_path.startswith(p) for p in paths)


def races_for_member(member: Member) -> list[Race]:
    """Approved races the member may join or has joined, not yet over (by
    submission deadline), soonest end first."""
    now = timezone.now()
    races = (
        Race.objects.filter(state=RaceState.APPROVED, submission_deadline__gte=now)
        .select_related("unit")
        .prefetch_related("eligible_units")
        .order_by("ends_on", "id")
    )
    joined = set(
        Registration.objects.filter(member=member, race__in=races).values_list("race_id", flat=True)
    )
    return [r for r in races if r.pk in joined or _eligible(r, member)]


def race_and_registration(
    member: Member, public_id: Any
) -> tuple[Race, Registration | None] | None:
    """A race the member may see (approved, and eligible or joined) with the
    member's registration in it; None when the race does not exist for them.
    Two queries for a registered member, three otherwise."""
    race = (
        Race.objects.filter(public_id=public_id, state=RaceState.APPROVED)
        .select_related("unit")
        .first()
    )
    if race is None:
        return None
    registration = (
        Registration.objects.filter(race=race, member=member).select_related("unit").first()
    )
    if registration is not None:
        registration.race = race
        registration.member = member
        return race, registration
    race_paths = [u.path for u in race.eligible_units.all()] or [race.unit.path]
    if any(member.unit_path.startswith(p) for p in race_paths):
        return race, None
    return None


def race_for_member(member: Member, public_id: Any) -> Race | None:
    """A race the member may see (approved, eligible or joined); None otherwise."""
    found = race_and_registration(member, public_id)
    return found[0] if found is not None else None


def registration_of(race: Race, member: Member) -> Registration | None:
    return (
        Registration.objects.filter(race=race, member=member)
        .select_related("race__unit", "member", "unit")
        .first()
    )


def member_registrations(member: Member) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(member=member)
        .select_related("race")
        .order_by("-race__ends_on", "-id")
    )


def registration_activities(registration: Registration, *, limit: int = 20) -> list[Activity]:
    """The member's latest uploads, newest first."""
    return list(
        Activity.objects.filter(registration=registration).order_by("-created_at", "-id")[:limit]
    )


def member_activity(member: Member, public_id: Any) -> Activity | None:
    return (
        Activity.objects.filter(public_id=public_id, registration__member=member)
        .select_related("registration__race__unit", "registration__member")
        .first()
    )


# ---- boards ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    rank: int
    bib: str
    name: str
    unit_name: str
    total_km: Decimal
    activities: int
    is_me: bool


def _km(metres: int) -> Decimal:
    return (Decimal(metres) / 1000).quantize(Decimal("0.01"))


def person_board(
    race: Race,
    *,
    page: int = 1,
    within: OrgUnit | None = None,
    me: Registration | None = None,
    per_page: int = BOARD_PAGE_SIZE,
) -> tuple[list[PersonRow], bool]:
    """One page of the members' board (most km first; equal totals share a
    rank, listed by bib), optionally within a unit's subtree; and whether a
    next page exists. One query for the first page, three for the others."""
    page = max(1, page)
    qs = Registration.objects.filter(race=race)
    if within is not None:
        qs = qs.filter(unit_path__startswith=within.path)
    offset = (page - 1) * per_page
    columns = (
        "bib",
        "total_m",
        "activity_count",
        "member__full_name",
        "unit__name",
        "unit__short_name",
    )
    ordered = qs.order_by("-total_m", "bib_number", "id")
    if offset == 0:
        rows = list(ordered.select_related("member", "unit").only(*columns)[: per_page + 1])
    else:
        # A later page's ids first, from the board index alone; then those
        # rows with their member and unit (joining every skipped row costs a
        # deep page dear).
        ids = list(ordered.values_list("id", flat=True)[offset : offset + per_page + 1])
        by_id = {
            reg.pk: reg
            for reg in Registration.objects.filter(pk__in=ids)
            .select_related("member", "unit")
            .only(*columns)
        }
        rows = [by_id[pk] for pk in ids]
    more = len(rows) > per_page
    rows = rows[:per_page]
    result: list[PersonRow] = []
    rank = 0
    previous: int | None = None
    for i, reg in enumerate(rows):
        if reg.total_m != previous:
            rank = (
                offset + i + 1
                if i > 0
                else (qs.filter(total_m__gt=reg.total_m).count() + 1 if offset else 1)
            )
            previous = reg.total_m
        result.append(
            PersonRow(
                rank=rank,
                bib=reg.bib,
                name=reg.member.full_name,
                unit_name=reg.unit.short_name or reg.unit.name,
                total_km=_km(reg.total_m),
                activities=reg.activity_count,
                is_me=me is not None and reg.pk == me.pk,
            )
        )
    return result, more


def registration_rank(registration: Registration) -> int:
    """1 + the members with more km (equal totals share a rank)."""
    return (
        Registration.objects.filter(
            race_id=registration.race_id, total_m__gt=registration.total_m
        ).count()
        + 1
    )


@dataclass(frozen=True)
class UnitRow:
    rank: int
    unit: OrgUnit
    registered: int
    active: int
    total_km: Decimal
    average_km: Decimal
    has_children: bool


def unit_board(race: Race, *, parent: OrgUnit | None = None) -> list[UnitRow]:
    """The units just below `parent` (the organiser by default), ranked by
    average km per registered member so small units compete fairly, then by
    total km. One query."""
    parent = parent or race.unit
    below = UnitResult.objects.filter(
        race=race,
        depth=parent.depth + 2,
        unit_path__startswith=OuterRef("unit_path"),
        registered__gt=0,
    )
    rows = list(
        UnitResult.objects.filter(
            race=race, depth=parent.depth + 1, unit_path__startswith=parent.path, registered__gt=0
        )
        .annotate(
            average=Cast(F("total_m"), FloatField()) / Cast(F("registered"), FloatField()),
            leads_down=Exists(below),
        )
        .select_related("unit")
        .order_by("-average", "-total_m", "unit_path")
    )
    return [
        UnitRow(
            rank=n,
            unit=row.unit,
            registered=row.registered,
            active=row.active,
            total_km=row.total_km,
            average_km=row.average_km,
            has_children=row.leads_down,  # type: ignore[attr-defined]
        )
        for n, row in enumerate(rows, start=1)
    ]


def race_totals(race: Race) -> UnitResult | None:
    """The whole race, rolled up at the organising unit."""
    return UnitResult.objects.filter(race=race, unit_id=race.unit_id).first()


def board_unit(race: Race, unit_code: str) -> OrgUnit | None:
    """A unit inside the race's organiser, by code (for drilling down a board)."""
    if not unit_code:
        return None
    return OrgUnit.objects.filter(code=unit_code, path__startswith=race.unit.path).first()


# ---- results for other apps ----------------------------------------------------


@dataclass(frozen=True)
class UnitRaceResult:
    race_id: int
    race_title: str
    starts_on: date
    ends_on: date
    registered: int
    active: int
    total_km: Decimal
    average_km: Decimal


def unit_race_results(
    unit: OrgUnit, *, starts_on_or_after: date | None = None, ends_on_or_before: date | None = None
) -> list[UnitRaceResult]:
    """A unit's results (its whole subtree) in every approved race that
    covers it, optionally within dates: what campaigns and analytics read.
    One query."""
    qs = UnitResult.objects.filter(unit=unit, race__state=RaceState.APPROVED).select_related("race")
    if starts_on_or_after is not None:
        qs = qs.filter(race__starts_on__gte=starts_on_or_after)
    if ends_on_or_before is not None:
        qs = qs.filter(race__ends_on__lte=ends_on_or_before)
    return [
        UnitRaceResult(
            race_id=r.race_id,
            race_title=r.race.title,
            starts_on=r.race.starts_on,
            ends_on=r.race.ends_on,
            registered=r.registered,
            active=r.active,
            total_km=r.total_km,
            average_km=r.average_km,
        )
        for r in qs.order_by("race__starts_on", "race_id")
    ]


# ---- officers ------------------------------------------------------------------


def open_review_count(race: Race) -> int:
    return Activity.objects.filter(race=race, status=ActivityStatus.REVIEW).count()


def open_appeal_count(race: Race) -> int:
    return Appeal.objects.filter(race=race, status=AppealStatus.OPEN).count()


# ---- public ----------------------------------------------------------------------


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code.strip().upper()).select_related("race").first()


def public_race_context(page: RacePage) -> dict[str, Any]:
    """What the race's public page shows: the race, its totals and the unit
    board (no member names in public)."""
    race = Race.objects.select_related("unit").get(pk=page.race_id)
    home = page.get_parent().specific
    nav = list(home.get_children().live().public().in_menu().order_by("path"))
    return {
        "race": race,
        "totals": race_totals(race),
        "units": unit_board(race)[:50],
        "site_home": home,
        "nav_sections": nav,
    }


def certificate_of(registration: Registration) -> Certificate | None:
    return (
        Certificate.objects.filter(registration=registration).select_related("race__unit").first()
    )
