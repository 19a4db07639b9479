"""The indicators of a unit's subtree, rolled up at query time from the
per-unit facts (docs/subsystems/analytics.md).

Each query selects the units whose path starts with the unit's path and
groups them by "branch": the first `len(path) + steplen` characters of their
path, which is the unit's own path for the unit itself and a child's path for
everything under that child. One grouped query therefore yields the
subtree's total, the unit's own figures and each child's roll-up at once, and
they add up by construction. Paths are read from the tree when the query
runs, so a moved subtree takes its figures along immediately.

For the few units at the top, whose subtree can hold every unit, the same
grouped results are precomputed by each refresh (services/rollup_cache.py)
and read from there while the tree has not changed since.

Callers decide who may see which unit (`unit_in_scope` and the other
helpers of `lantoa.org.scoping`); the figure functions read what they are given.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr

from lantoa.analytics.actors import DASHBOARD
from lantoa.analytics.columns import FACT_SUMS
from lantoa.analytics.figures import (
    COUNTED_KINDS,
    Branch,
    Compliance,
    Coverage,
    KindRow,
    MonthRow,
    Output,
    PlatformRow,
)
from lantoa.analytics.models import (
    BranchCoverage,
    BranchMonth,
    BranchPlatform,
    RefreshState,
    UnitMonthFacts,
    UnitPlatformFacts,
)
from lantoa.analytics.periods import Period
from lantoa.analytics.services.rollup_cache import CACHE_DEPTH, UNIT_CHANGES
from lantoa.campaigns.public import Campaign, TaskProof
from lantoa.campaigns.selectors import CampaignProgress, campaign_progress
from lantoa.channels.choices import Platform
from lantoa.core.actors import Actor
from lantoa.core.models import AuditLogEntry
from lantoa.events.selectors import ParticipationFigures
from lantoa.org.choices import Perm, UnitKind
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import ancestors_in_scope as scoped_ancestors
from lantoa.org.scoping import default_unit, units_for

PERM = Perm.UNIT_VIEW
OUTPUT_FIELDS = tuple(Output.__dataclass_fields__)
TASK_FIELDS = {  # Compliance field: facts column
    "tasks": "tasks",
    "done": "tasks_done",
    "done_on_time": "tasks_on_time",
    "late": "tasks_late",
    "open": "tasks_open",
}
PLATFORM_FIELDS = ("channels", "active", "live", "stale", "followers")
CAMPAIGNS_SHOWN = 5


# ---- scope ------------------------------------------------------------------------


def analytics_units_for(user: Actor) -> QuerySet[OrgUnit]:
    """Units whose figures the user may read: their subtree(s)."""
    return units_for(user, PERM)


def default_unit_for(user: Actor) -> OrgUnit | None:
    """The top-most unit the user may read: where the dashboard opens."""
    return default_unit(user, PERM)


def ancestors_in_scope(user: Actor, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors the user may also read, top first (breadcrumbs)."""
    return scoped_ancestors(user, unit, PERM)


# ---- grouped rows, live or cached ---------------------------------------------------


# Grouped rows travel as plain tuples of ints and are added up in lists:
# turning every row into dataclasses and adding those was a third of a
# dashboard's time (bench/coverage.py).
COVERAGE_ORDER = tuple(Coverage.__dataclass_fields__)
MONTH_ORDER = (*OUTPUT_FIELDS, *TASK_FIELDS.values())


@dataclass(frozen=True)
class CoverageCell:
    branch: str  # path of the child holding it, or of the unit itself
    kind: str
    values: tuple[int, ...]  # in COVERAGE_ORDER


@dataclass(frozen=True)
class MonthCell:
    branch: str
    kind: str
    month: dt.date
    values: tuple[int, ...]  # in MONTH_ORDER


def _branch(unit: OrgUnit, path_field: str = "path") -> Substr:
    return Substr(path_field, 1, len(unit.path) + OrgUnit.steplen)


def _coverage_values(
    kind: str, units: int, social: int, site: int, bulletin: int, *sums: Any
) -> tuple[int, ...]:
    """A row of (units, with social, with site, with bulletin, *FACT_SUMS)
    in COVERAGE_ORDER: only counted kinds count in the indicators."""
    counted = kind in COUNTED_KINDS
    head = (units, social, site, bulletin) if counted else (0, 0, 0, 0)
    return (*head, units, *(int(v or 0) for v in sums))


def coverage_cells(unit: OrgUnit) -> list[CoverageCell]:
    """Coverage of the subtree's active units by (branch, kind); one query."""
    facts = "analytics_facts__"
    rows = (
        OrgUnit.objects.filter(path__startswith=unit.path, is_active=True)
        .order_by()
        .values(b=_branch(unit), k=F("kind"))
        .annotate(
            x_units=Count("pk"),
            x_social=Count("pk", filter=Q(**{f"{facts}social_live__gt": 0})),
            x_site=Count("pk", filter=Q(**{f"{facts}has_site": True})),
            x_bulletin=Count("pk", filter=Q(**{f"{facts}has_bulletin": True})),
            **{f"x_{name}": Sum(f"{facts}{name}") for name in FACT_SUMS},
        )
        .values_list(
            "b", "k", "x_units", "x_social", "x_site", "x_bulletin", *(f"x_{n}" for n in FACT_SUMS)
        )
    )
    return [CoverageCell(b, k, _coverage_values(k, *rest)) for b, k, *rest in rows]


def month_cells(unit: OrgUnit, period: Period) -> list[MonthCell]:
    """The subtree's output and directive tasks (by due month) by (branch,
    kind, month); one query. Inactive units are included: what they
    published was published, what they were asked was asked."""
    rows = (
        UnitMonthFacts.objects.filter(
            unit__path__startswith=unit.path, month__gte=period.first, month__lte=period.last
        )
        .order_by()
        .values("month", b=_branch(unit, "unit__path"), k=F("unit__kind"))
        .annotate(**{f"x_{name}": Sum(name) for name in MONTH_ORDER})
        .values_list("b", "k", "month", *(f"x_{name}" for name in MONTH_ORDER))
    )
    return [MonthCell(b, k, m, tuple(int(v or 0) for v in rest)) for b, k, m, *rest in rows]


def platform_rows(unit: OrgUnit) -> list[PlatformRow]:
    """Channels of the subtree's active units by platform; one query."""
    rows = (
        UnitPlatformFacts.objects.filter(unit__path__startswith=unit.path, unit__is_active=True)
        .order_by()
        .values("platform")
        .annotate(**{f"x_{name}": Sum(name) for name in PLATFORM_FIELDS})
    )
    return _platform_rows(rows)


def _platform_rows(rows: Iterable[Any]) -> list[PlatformRow]:
    """One row per platform, in platform order (cache rows of one platform
    are summed)."""
    sums: dict[str, dict[str, int]] = {}
    for row in rows:
        target = sums.setdefault(row["platform"], dict.fromkeys(PLATFORM_FIELDS, 0))
        for name in PLATFORM_FIELDS:
            target[name] += row[f"x_{name}"] or 0
    return [
        PlatformRow(platform=value, label=str(label), **sums[value])
        for value, label in Platform.choices
        if value in sums
    ]


def _cached_coverage(unit: OrgUnit, paths: dict[int, str]) -> list[CoverageCell]:
    rows = BranchCoverage.objects.filter(top=unit).values_list(
        "branch_id", "kind", "units", "units_social", "units_site", "units_bulletin", *FACT_SUMS
    )
    return [
        CoverageCell(paths[branch_id], kind, _coverage_values(kind, *rest))
        for branch_id, kind, *rest in rows
        if branch_id in paths
    ]


def _cached_months(unit: OrgUnit, period: Period, paths: dict[int, str]) -> list[MonthCell]:
    rows = BranchMonth.objects.filter(
        top=unit, month__gte=period.first, month__lte=period.last
    ).values_list("branch_id", "kind", "month", *MONTH_ORDER)
    return [
        MonthCell(paths[branch_id], kind, month, tuple(rest))
        for branch_id, kind, month, *rest in rows
        if branch_id in paths
    ]


def _cached_platforms(unit: OrgUnit) -> list[PlatformRow]:
    rows = BranchPlatform.objects.filter(top=unit).values(
        "platform", **{f"x_{name}": F(name) for name in PLATFORM_FIELDS}
    )
    return _platform_rows(rows)


def _refresh_state(unit: OrgUnit, period: Period) -> tuple[dt.datetime | None, bool]:
    """(when the facts were refreshed, whether the top-level cache answers
    for this unit and period); one query."""
    unit_changed = AuditLogEntry.objects.filter(
        pk__gt=OuterRef("cache_audit_mark"), action__startswith=UNIT_CHANGES
    )
    row = (
        RefreshState.objects.filter(pk=1)
        .annotate(tree_changed=Exists(unit_changed))
        .values_list("finished_at", "cache_from", "tree_changed")
        .first()
    )
    if row is None:
        return None, False
    finished_at, cache_from, tree_changed = row
    usable = (
        unit.depth <= CACHE_DEPTH
        and cache_from is not None
        and period.first >= cache_from
        and not tree_changed
    )
    return finished_at, usable


# ---- the dashboard -----------------------------------------------------------------------


def _add(target: dict[Any, list[int]], key: Any, values: tuple[int, ...]) -> None:
    current = target.get(key)
    if current is None:
        target[key] = list(values)
    else:
        for i, value in enumerate(values):
            current[i] += value


def _total(rows: Iterable[list[int]], width: int) -> list[int]:
    total = [0] * width
    for row in rows:
        for i, value in enumerate(row):
            total[i] += value
    return total


def _as_coverage(values: list[int] | None) -> Coverage:
    return Coverage(*values) if values else Coverage()


def _as_output(values: list[int] | None) -> Output:
    return Output(*values[: len(OUTPUT_FIELDS)]) if values else Output()


def _as_compliance(values: list[int] | None) -> Compliance:
    return Compliance(*values[len(OUTPUT_FIELDS) :]) if values else Compliance()


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    progress: CampaignProgress


def campaign_rows(unit: OrgUnit, period: Period) -> list[CampaignRow]:
    """The campaigns `unit` runs that overlap the period (the latest
    `CAMPAIGNS_SHOWN`), with their progress against their goals."""
    campaigns = Campaign.objects.filter(
        unit=unit, starts_on__lt=period.ends_at.date(), ends_on__gte=period.first
    ).order_by("-starts_on", "-pk")[:CAMPAIGNS_SHOWN]
    return [CampaignRow(c, campaign_progress(c, viewer=DASHBOARD)) for c in campaigns]


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    period: Period
    refreshed_at: dt.datetime | None
    coverage: Coverage  # the whole subtree
    output: Output  # the whole subtree, over the period
    own: Branch  # the unit alone
    children: list[Branch]
    kinds: list[KindRow]
    platforms: list[PlatformRow]
    months: list[MonthRow]
    compliance: Compliance = field(default_factory=Compliance)
    campaigns: list[CampaignRow] = field(default_factory=list)
    from_cache: bool = False


def dashboard_for(unit: OrgUnit, period: Period, *, use_cache: bool = True) -> Dashboard:
    """Every indicator of `unit`'s subtree for `period`: its own figures,
    each child's roll-up, and the breakdowns by level, platform and month.
    Six queries whatever the size of the subtree, plus those of each
    campaign's progress (at most `CAMPAIGNS_SHOWN`)."""
    refreshed_at, cached = _refresh_state(unit, period)
    cached = cached and use_cache
    children = list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    )
    if cached:
        paths = {child.pk: child.path for child in children} | {unit.pk: unit.path}
        cov_cells = _cached_coverage(unit, paths)
        cells = _cached_months(unit, period, paths)
        platforms = _cached_platforms(unit)
    else:
        cov_cells = coverage_cells(unit)
        cells = month_cells(unit, period)
        platforms = platform_rows(unit)

    by_branch_cov: dict[str, list[int]] = {}
    by_kind_cov: dict[str, list[int]] = {}
    for c in cov_cells:
        _add(by_branch_cov, c.branch, c.values)
        _add(by_kind_cov, c.kind, c.values)
    by_branch_month: dict[str, list[int]] = {}
    by_kind_month: dict[str, list[int]] = {}
    by_month: dict[dt.date, list[int]] = {}
    for m in cells:
        _add(by_branch_month, m.branch, m.values)
        _add(by_kind_month, m.kind, m.values)
        _add(by_month, m.month, m.values)

    def branch(u: OrgUnit) -> Branch:
        values = by_branch_month.get(u.path)
        return Branch(
            u,
            _as_coverage(by_branch_cov.get(u.path)),
            _as_output(values),
            _as_compliance(values),
        )

    total_month = _total(by_month.values(), len(MONTH_ORDER))
    return Dashboard(
        unit=unit,
        period=period,
        refreshed_at=refreshed_at,
        coverage=_as_coverage(_total(by_branch_cov.values(), len(COVERAGE_ORDER))),
        output=_as_output(total_month),
        own=branch(unit),
        children=[branch(child) for child in children],
        kinds=[
            KindRow(
                kind=value,
                label=str(label),
                counted=value in COUNTED_KINDS,
                coverage=_as_coverage(by_kind_cov.get(value)),
                compliance=_as_compliance(by_kind_month.get(value)),
            )
            for value, label in UnitKind.choices
            if value in by_kind_cov or value in by_kind_month
        ],
        platforms=platforms,
        months=[MonthRow(month, _as_output(by_month.get(month))) for month in period.months],
        compliance=_as_compliance(total_month),
        campaigns=campaign_rows(unit, period),
        from_cache=cached,
    )


# ---- the term in numbers ---------------------------------------------------------------


@dataclass(frozen=True)
class TermFigures:
    """ "The term in numbers" of a unit's subtree."""

    unit: OrgUnit
    period: Period
    output: Output
    coverage: Coverage
    compliance: Compliance
    participants: int  # reported by units in their directive proofs
    events: ParticipationFigures  # events held, attendance, programme sessions


def term_figures(unit: OrgUnit, period: Period) -> TermFigures:
    """What the subtree published over `period`, the directives it carried
    out, the events it held, the members checked in at them and the
    programme sessions it reported (all from the monthly facts), and where
    its channels stand today. Three queries, read live (a term reaches back
    beyond the cache)."""
    columns = [*OUTPUT_FIELDS, *TASK_FIELDS.values()]
    sums = UnitMonthFacts.objects.filter(
        unit__path__startswith=unit.path, month__gte=period.first, month__lte=period.last
    ).aggregate(**{f"x_{name}": Sum(name) for name in columns})
    participants = TaskProof.objects.filter(
        task__unit__path__startswith=unit.path,
        submitted_at__gte=period.starts_at,
        submitted_at__lt=period.ends_at,
    ).aggregate(n=Sum("participants"))["n"]
    return TermFigures(
        unit=unit,
        period=period,
        output=Output(**{name: sums[f"x_{name}"] or 0 for name in OUTPUT_FIELDS}),
        coverage=_as_coverage(
            _total((list(c.values) for c in coverage_cells(unit)), len(COVERAGE_ORDER))
        ),
        compliance=Compliance(
            **{name: sums[f"x_{column}"] or 0 for name, column in TASK_FIELDS.items()}
        ),
        participants=participants or 0,
        events=ParticipationFigures(
            events_held=sums["x_events_held"] or 0,
            attendees=sums["x_attendees"] or 0,
            sessions=sums["x_programme_sessions"] or 0,
            session_participants=sums["x_session_participants"] or 0,
        ),
    )
