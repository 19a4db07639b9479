"""What counts, and the results rolled up per unit.

A registration's totals are those of its accepted activities, each day's
kilometres capped by the race's daily cap (activities of a day count in the
order they were run). Each change of a registration's totals is added to
the `UnitResult` row of every unit from the organiser down to the member's
unit, one row at a time in tree order (so two writers never wait on each
other in opposite orders). `results_rebuild` recomputes everything from the
registrations, for repairs and bulk loads.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import path_prefixes
from lantoa.race.choices import ActivityStatus, AuditAction
from lantoa.race.models import Activity, Race, Registration, UnitResult
from lantoa.race.services.common import require_officer


def _prefixes(race: Race, unit_path: str) -> list[str]:
    """Paths from the organising unit down to `unit_path`, top first."""
    top = len(race.unit.path)
    return [p for p in path_prefixes(unit_path) if len(p) >= top]


def rollup_register(registration: Registration) -> None:
    """One more registered member at each unit above the registration's."""
    race = registration.race
    prefixes = _prefixes(race, registration.unit_path)
    units = OrgUnit.objects.filter(path__in=prefixes).values_list("id", "path", "depth")
    UnitResult.objects.bulk_create(
        [
            UnitResult(race=race, unit_id=pk, unit_path=path, depth=depth)
            for pk, path, depth in units
        ],
        ignore_conflicts=True,
    )
    _rollup_add(race, prefixes, registered=1)


def _rollup_add(
    race: Race, prefixes: list[str], *, registered: int = 0, active: int = 0, total_m: int = 0
) -> None:
    if not (registered or active or total_m):
        return
    for path in prefixes:  # top first: every writer locks in the same order
        UnitResult.objects.filter(race=race, unit_path=path).update(
            registered=F("registered") + registered,
            active=F("active") + active,
            total_m=F("total_m") + total_m,
        )


def daily_cap_m(race: Race) -> int | None:
    if race.daily_cap_km is None:
        return None
    return int(Decimal(race.daily_cap_km) * 1000)


def registration_recount(registration: Registration) -> Registration:
    """Recount a registration from its accepted activities and carry the
    change to the unit roll-up. The caller holds the registration's row
    lock (`registration_lock`)."""
    race = registration.race
    cap = daily_cap_m(race)
    accepted = list(
        Activity.objects.filter(registration=registration, status=ActivityStatus.ACCEPTED)
        .order_by("local_date", "started_at", "id")
        .only("id", "local_date", "distance_m", "moving_s", "counted_m")
    )
    used: dict[object, int] = defaultdict(int)
    changed = []
    total = moving = 0
    for activity in accepted:
        counted = activity.distance_m
        if cap is not None:
            counted = max(0, min(counted, cap - used[activity.local_date]))
        used[activity.local_date] += counted
        if counted != activity.counted_m:
            activity.counted_m = counted
            changed.append(activity)
        total += counted
        moving += activity.moving_s
    Activity.objects.bulk_update(changed, ["counted_m"])
    # Activities that no longer count keep no counted distance.
    Activity.objects.filter(registration=registration).exclude(
        status=ActivityStatus.ACCEPTED
    ).exclude(counted_m=0).update(counted_m=0)
    delta_total = total - registration.total_m
    delta_active = int(total > 0) - int(registration.total_m > 0)
    registration.total_m = total
    registration.moving_s = moving
    registration.activity_count = len(accepted)
    registration.save(update_fields=["total_m", "moving_s", "activity_count"])
    _rollup_add(
        race,
        _prefixes(race, registration.unit_path),
        active=delta_active,
        total_m=delta_total,
    )
    return registration


def registration_lock(registration_id: int) -> Registration:
    """The registration, its race and the organising unit, row-locked."""
    return (
        Registration.objects.select_for_update(no_key=True, of=("self",))
        .select_related("race__unit", "member")
        .get(pk=registration_id)
    )


@transaction.atomic
def results_rebuild(*, actor: Actor, race: Race) -> int:
    """Recompute the race's per-unit roll-up from its registrations (after a
    bulk load or a repair); the registrations' own totals are kept. Returns
    the number of unit rows."""
    require_officer(actor=actor, race=race)
    race = Race.objects.select_related("unit").get(pk=race.pk)
    UnitResult.objects.filter(race=race).delete()
    top = race.unit
    step = OrgUnit.steplen
    deepest = (
        Registration.objects.filter(race=race)
        .order_by("-unit__depth")
        .values_list("unit__depth", flat=True)
        .first()
    ) or top.depth
    rows: dict[str, tuple[int, int, int]] = {}
    for depth in range(top.depth, deepest + 1):
        grouped = (
            Registration.objects.filter(race=race)
            .annotate(prefix=Substr("unit_path", 1, depth * step))
            .filter(unit_path__startswith=top.path)
            .values("prefix")
            .annotate(
                n=Count("id"),
                active=Count("id", filter=Q(total_m__gt=0)),
                total=Sum("total_m"),
            )
        )
        for row in grouped:
            if len(row["prefix"]) == depth * step:
                rows[row["prefix"]] = (row["n"], row["active"], row["total"] or 0)
    units = dict(OrgUnit.objects.filter(path__in=list(rows)).values_list("path", "id"))
    UnitResult.objects.bulk_create(
        [
            UnitResult(
                race=race,
                unit_id=units[path],
                unit_path=path,
                depth=len(path) // step,
                registered=n,
                active=active,
                total_m=total,
            )
            for path, (n, active, total) in sorted(rows.items())
            if path in units
        ],
        batch_size=2000,
    )
    if top.path not in rows:
        UnitResult.objects.create(race=race, unit=top, unit_path=top.path, depth=top.depth)
    audit_record(
        actor=actor,
        action=AuditAction.RESULTS_REBUILD,
        target=race,
        unit_path=top.path,
        data={"units": len(rows)},
    )
    return UnitResult.objects.filter(race=race).count()
