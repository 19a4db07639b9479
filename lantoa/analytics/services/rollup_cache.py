"""The top-level roll-up cache (docs/subsystems/analytics.md).

A dashboard's roll-ups are grouped queries over the facts of a subtree
(`analytics.selectors`). For a grassroots or direct union that is a few dozen
rows; for the root of a 150,000-unit confederation it is every fact row, a
second or more per view. So the refresh runs those same grouped queries once
for the units at the top (depth <= CACHE_DEPTH) and stores their results.

The cache is computed bottom-up: only the deepest cached level reads the
facts; each level above sums the level below it (a child's roll-up is its
own cache rows added up) plus its own facts, so the cache obeys the same
"own + children" rule as the live queries. Between two rebuilds of it, the
month rows (the big part) follow the facts by deltas: a refresh records the
month facts of the units it recomputes before and after (`MonthDelta`) and
adds the difference to every cached level, grouped exactly as the build
groups the facts. It describes the tree as it was
when the refresh ran: selectors use it only while no `org.unit_*` audit entry
(a unit created, changed or moved) is newer than `RefreshState.cache_audit_mark`,
and fall back to the live queries otherwise, so a moved subtree's figures
move at once.
"""

import datetime as dt
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce, Substr

from lantoa.analytics.columns import FACT_SUMS, MONTH_COLUMNS
from lantoa.analytics.models import (
    BranchCoverage,
    BranchMonth,
    BranchPlatform,
    CoverageDelta,
    MonthDelta,
    PlatformDelta,
    UnitFacts,
    UnitMonthFacts,
    UnitPlatformFacts,
)
from lantoa.analytics.periods import add_months, month_start
from lantoa.analytics.services.sql import compiled, delete, execute, table
from lantoa.core.models import AuditLogEntry
from lantoa.org.public import OrgUnit

CACHE_DEPTH = 2  # the root and its children (industry unions, provinces)
CACHE_MONTHS = 24  # older periods are read live
STEP = OrgUnit.steplen

COVERAGE_COLUMNS = ("units", "units_social", "units_site", "units_bulletin", *FACT_SUMS)
PLATFORM_COLUMNS = ("channels", "active", "live", "stale", "followers")


# Audit actions of org's services that change the tree (create, update, move).
UNIT_CHANGES = "org.unit_"


def tree_changed_since(audit_mark: int) -> bool:
    """Whether a unit was created, changed or moved after the cache was built."""
    return AuditLogEntry.objects.filter(pk__gt=audit_mark, action__startswith=UNIT_CHANGES).exists()


def cache_start(today: dt.date) -> dt.date:
    return add_months(month_start(today), -(CACHE_MONTHS - 1))


def _coverage_grouped(depth_filter: dict[str, int], level: int) -> QuerySet[Any]:
    facts = "analytics_facts__"
    return (
        OrgUnit.objects.filter(is_active=True, **depth_filter)
        .order_by()
        .values(
            tp=Substr("path", 1, STEP * level),
            bp=Substr("path", 1, STEP * level + STEP),
            k=F("kind"),
        )
        .annotate(
            x_units=Count("pk"),
            x_units_social=Count("pk", filter=Q(**{f"{facts}social_live__gt": 0})),
            x_units_site=Count("pk", filter=Q(**{f"{facts}has_site": True})),
            x_units_bulletin=Count("pk", filter=Q(**{f"{facts}has_bulletin": True})),
            **{f"x_{name}": Coalesce(Sum(f"{facts}{name}"), 0) for name in FACT_SUMS},
        )
    )


def _month_grouped(depth_filter: dict[str, int], level: int, since: dt.date) -> QuerySet[Any]:
    filters = {f"unit__{key}": value for key, value in depth_filter.items()}
    return (
        UnitMonthFacts.objects.filter(month__gte=since, **filters)
        .order_by()
        .values(
            tp=Substr("unit__path", 1, STEP * level),
            bp=Substr("unit__path", 1, STEP * level + STEP),
            k=F("unit__kind"),
            m=F("month"),
        )
        .annotate(**{f"x_{name}": Sum(name) for name in MONTH_COLUMNS})
    )


def _platform_grouped(depth_filter: dict[str, int], level: int) -> QuerySet[Any]:
    filters = {f"unit__{key}": value for key, value in depth_filter.items()}
    return (
        UnitPlatformFacts.objects.filter(unit__is_active=True, **filters)
        .order_by()
        .values(tp=Substr("unit__path", 1, STEP * level), p=F("platform"))
        .annotate(**{f"x_{name}": Sum(name) for name in PLATFORM_COLUMNS})
    )


def _insert_from_facts(
    model: Any,
    keys: list[str],
    grouped: QuerySet[Any],
    columns: tuple[str, ...],
    *,
    add_on_conflict: bool = False,
) -> None:
    """Insert grouped rows, turning the top and branch paths into unit ids;
    with `add_on_conflict`, add them to the rows already there."""
    aggregates = [f"x_{name}" for name in columns]
    if "month" in keys:
        select = grouped.values_list("tp", "bp", "k", "m", *aggregates)
        outer = "t.id, b.id, g.k, g.m"
    elif "branch_id" in keys:
        select = grouped.values_list("tp", "bp", "k", *aggregates)
        outer = "t.id, b.id, g.k"
    else:
        select = grouped.values_list("tp", "p", *aggregates)
        outer = "t.id, g.p"
    sql, params = compiled(select)
    units = table(OrgUnit)
    branch_join = f"JOIN {units} b ON b.path = g.bp " if "branch_id" in keys else ""
    values = ", ".join(f"g.x_{name}" for name in columns)
    cols = ", ".join([*keys, *columns])
    conflict = ""
    if add_on_conflict:
        target = table(model)
        sets = ", ".join(f"{name} = {target}.{name} + EXCLUDED.{name}" for name in columns)
        # "WHERE true": SQLite needs it to parse INSERT … SELECT … ON CONFLICT.
        conflict = f"WHERE true ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    execute(
        f"INSERT INTO {table(model)} ({cols}) SELECT {outer}, {values} FROM ({sql}) g "  # noqa: S608 — quoted identifiers and compiled ORM SQL; values are parameters
        f"JOIN {units} t ON t.path = g.tp {branch_join}{conflict}",
        params,
    )


def _insert_from_level_below(
    model: Any, keys: list[str], columns: tuple[str, ...], level: int
) -> None:
    """Tops at `level` get one row per child (a top at level + 1): the sum of
    that child's cache rows, which is its whole subtree."""
    units = table(OrgUnit)
    cached = table(model)
    sums = ", ".join(f"SUM(c.{name})" for name in columns)
    if "branch_id" in keys:
        group = ["c.top_id", "c.kind"] + (["c.month"] if "month" in keys else [])
    else:
        group = ["c.platform"]
    select_keys = ", ".join(["p.id", *group])
    cols = ", ".join([*keys, *columns])
    execute(
        f"INSERT INTO {cached} ({cols}) SELECT {select_keys}, {sums} FROM {cached} c "  # noqa: S608 — quoted identifiers and compiled ORM SQL; values are parameters
        f"JOIN {units} cu ON cu.id = c.top_id "
        f"JOIN {units} p ON p.path = SUBSTR(cu.path, 1, %s) "
        f"WHERE cu.depth = %s GROUP BY {', '.join(['p.id', *group])}",
        [STEP * level, level + 1],
    )


MONTH_KEYS = ["top_id", "branch_id", "kind", "month"]


def _specs(since: dt.date) -> list[tuple[Any, list[str], tuple[str, ...], Any]]:
    return [
        (
            BranchCoverage,
            ["top_id", "branch_id", "kind"],
            COVERAGE_COLUMNS,
            lambda f, lv: _coverage_grouped(f, lv),
        ),
        (BranchMonth, MONTH_KEYS, MONTH_COLUMNS, lambda f, lv: _month_grouped(f, lv, since)),
        (
            BranchPlatform,
            ["top_id", "platform"],
            PLATFORM_COLUMNS,
            lambda f, lv: _platform_grouped(f, lv),
        ),
    ]


def rollup_cache_build(*, today: dt.date) -> dt.date:
    """Recompute the whole cache from the facts; returns its first month.
    Call inside the refresh transaction, after the facts."""
    since = cache_start(today)
    deepest = {"depth__gte": CACHE_DEPTH}
    for model, keys, columns, grouped in _specs(since):
        delete(model.objects.all())
        _insert_from_facts(model, keys, grouped(deepest, CACHE_DEPTH), columns)
        for level in range(CACHE_DEPTH - 1, 0, -1):
            _insert_from_level_below(model, keys, columns, level)
            # A top's own platform rows meet its children's (same key).
            _insert_from_facts(
                model,
                keys,
                grouped({"depth": level}, level),
                columns,
                add_on_conflict=model is BranchPlatform,
            )
    return since


# ---- deltas --------------------------------------------------------------------------------


def _capture(
    delta: Any, keys: list[str], rows: QuerySet[Any], columns: tuple[str, ...], sign: int
) -> None:
    """Insert `rows` (a values_list of `keys` then `columns`) into `delta`,
    negated when `sign` < 0."""
    factor = "-" if sign < 0 else ""
    sql, params = compiled(rows.order_by())
    cols = ", ".join([*keys, *columns])
    values = ", ".join([*(f"f.{k}" for k in keys), *(f"{factor}f.{c}" for c in columns)])
    execute(
        f"INSERT INTO {table(delta)} ({cols}) SELECT {values} FROM ({sql}) f",  # noqa: S608 — as above
        params,
    )


def delta_capture_months(*, rows: QuerySet[UnitMonthFacts], sign: int, since: dt.date) -> None:
    """Record the month facts `rows` from `since` on: negated (`sign` -1)
    before they are replaced, as they are (+1) after."""
    _capture(
        MonthDelta,
        ["unit_id", "month"],
        rows.filter(month__gte=since).values_list("unit_id", "month", *MONTH_COLUMNS),
        MONTH_COLUMNS,
        sign,
    )


STATE_DELTA_COLUMNS = COVERAGE_COLUMNS[1:]  # a unit's count never changes without an audit


def delta_capture_state(*, units: QuerySet[Any], sign: int) -> None:
    """Record the state facts of the active `units` (a one-column query of
    ids) as the coverage and platform caches count them: negated before they
    are replaced, as they are after."""
    facts = UnitFacts.objects.filter(unit_id__in=units, unit__is_active=True).annotate(
        # Named as the delta's columns: the insert reads them by name.
        units_social=Case(When(social_live__gt=0, then=1), default=0),
        units_site=Case(When(has_site=True, then=1), default=0),
        units_bulletin=Case(When(has_bulletin=True, then=1), default=0),
    )
    _capture(
        CoverageDelta,
        ["unit_id"],
        facts.values_list("unit_id", *STATE_DELTA_COLUMNS),
        STATE_DELTA_COLUMNS,
        sign,
    )
    _capture(
        PlatformDelta,
        ["unit_id", "platform"],
        UnitPlatformFacts.objects.filter(unit_id__in=units, unit__is_active=True).values_list(
            "unit_id", "platform", *PLATFORM_COLUMNS
        ),
        PLATFORM_COLUMNS,
        sign,
    )


def _grouped_delta(delta: Any, level: int, columns: tuple[str, ...]) -> QuerySet[Any]:
    keys: dict[str, Any] = {"tp": Substr("unit__path", 1, STEP * level)}
    if delta is PlatformDelta:
        keys["p"] = F("platform")
    else:
        keys["bp"] = Substr("unit__path", 1, STEP * level + STEP)
        keys["k"] = F("unit__kind")
        if delta is MonthDelta:
            keys["m"] = F("month")
    return (
        delta.objects.filter(unit__depth__gte=level)
        .order_by()
        .values(**keys)
        .annotate(**{f"x_{name}": Sum(name) for name in columns})
    )


def rollup_cache_add_deltas() -> None:
    """Add the captured changes to the cached rows of every cached level,
    then forget them. Each level groups the changed units by (top, branch)
    exactly as the full build groups the facts."""
    targets: list[tuple[Any, Any, list[str], tuple[str, ...]]] = [
        (MonthDelta, BranchMonth, MONTH_KEYS, MONTH_COLUMNS),
        (CoverageDelta, BranchCoverage, ["top_id", "branch_id", "kind"], STATE_DELTA_COLUMNS),
        (PlatformDelta, BranchPlatform, ["top_id", "platform"], PLATFORM_COLUMNS),
    ]
    for delta, cache, keys, columns in targets:
        for level in range(CACHE_DEPTH, 0, -1):
            _insert_from_facts(
                cache, keys, _grouped_delta(delta, level, columns), columns, add_on_conflict=True
            )
        delete(delta.objects.all())


def rollup_cache_forget_deltas() -> None:
    for delta in (MonthDelta, CoverageDelta, PlatformDelta):
        delete(delta.objects.all())
