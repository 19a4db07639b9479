"""Refreshing the per-unit facts and the top-level cache
(docs/subsystems/analytics.md), in one transaction that holds the
RefreshState row lock (two refreshes never overlap).

- **Monthly facts** (deliveries, metric snapshots, articles, bulletin issues,
  directive tasks: the big, append-mostly tables): only the unit-months
  touched since the last refresh are recomputed, from scratch. "Touched" is
  read from primary key watermarks (new deliveries, snapshots, tasks,
  Wagtail page log entries, task entries of our audit log), from the
  deliveries seen unpublished last time (`PendingDelivery`), from issues
  changed since, and from open tasks whose due time passed since (they turn
  late with time alone). Nothing is ever incremented, so reading a change
  twice is harmless.
- **State facts** (channels, site homes, bulletins): the units whose state
  may have changed (services/state_facts.py).
- **Members** (the largest table): counted by the daily rebuild only.
- **Top-level cache**: follows the facts by deltas (services/rollup_cache.py).

The rebuild (`full=True`, daily and on the first run) recomputes everything
and catches what the incremental path cannot see (rows deleted at the
source, a transaction that committed far too late).
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone
from wagtail.models import PageLogEntry

from lantoa.analytics.models import (
    DirtyMonth,
    DirtyUnit,
    PendingDelivery,
    RefreshState,
    UnitMonthFacts,
)
from lantoa.analytics.services.rollup_cache import (
    cache_start,
    delta_capture_months,
    delta_capture_state,
    rollup_cache_add_deltas,
    rollup_cache_build,
    rollup_cache_forget_deltas,
    tree_changed_since,
)
from lantoa.analytics.services.sql import compiled, delete, execute, table, upsert_select
from lantoa.analytics.services.state_facts import (
    mark_state_dirty,
    platform_facts,
    unit_facts,
)
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.models import Issue
from lantoa.campaigns.choices import OPEN_TASK_STATES, TaskState
from lantoa.campaigns.models import DirectiveTask
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import Delivery, MetricSnapshot
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.models import ArticlePage
from lantoa.org.models import OrgUnit

# Deliveries that were on the platform: a post later removed still went out.
PUBLISHED = (DeliveryStatus.SENT, DeliveryStatus.DELETED)
# Deliveries that may still go out. A failed one may be retried by hand:
# it stays pending for FAILED_WATCH; a dead letter retried later than that
# is counted by the daily rebuild.
UNSETTLED = tuple(
    s for s in DeliveryStatus.values if s not in {*PUBLISHED, DeliveryStatus.CANCELLED}
)
FAILED_WATCH = timedelta(days=30)
# Issues are found by their update time; this much overlap covers clocks and
# transactions that committed while the previous refresh ran.
ISSUE_OVERLAP = timedelta(minutes=10)
# Audit entries that change a task's state (written by campaigns' services
# with the task as target; the late sweep is caught by due times instead).
TASK_ACTIONS = ("campaigns.task_acknowledge", "campaigns.task_done", "campaigns.publication_live")

MONTH_COLUMNS = (
    "articles",
    "posts_sent",
    "deliveries_sent",
    "reach",
    "issues_sent",
    "issue_recipients",
    "tasks",
    "tasks_done",
    "tasks_on_time",
    "tasks_late",
    "tasks_open",
)


@dataclass(frozen=True)
class RefreshResult:
    full: bool
    dirty_units: int
    seconds: float


def analytics_refresh(*, full: bool = False, now: datetime | None = None) -> RefreshResult:
    """Bring every fact and the top-level roll-up cache up to date; a full
    rebuild when `full` or on the first run. Idempotent; serialised by a row
    lock; readers see the previous facts until it commits."""
    started = time.perf_counter()
    now = now or timezone.now()
    with transaction.atomic():
        RefreshState.objects.get_or_create(pk=1)
        state = RefreshState.objects.select_for_update().get(pk=1)
        full = full or state.rebuilt_at is None
        # Read before anything else: whatever commits later is read next time.
        marks = {name: _new_mark(model, state.marks.get(name), full) for name, model in SOURCES}
        audit_mark = _max_pk(AuditLogEntry)
        since = cache_start(timezone.localdate(now))
        # The top-level cache follows the facts by deltas while the tree and
        # the cached months stay as they were; otherwise it is rebuilt.
        by_delta = (
            not full
            and state.cache_from == since
            and not tree_changed_since(state.cache_audit_mark)
        )
        if full:
            dirty = OrgUnit.objects.count()
            _month_facts(dirty_only=False, now=now)
            delete(PendingDelivery.objects.all())
            _add_pending(Delivery.objects.all(), now)
        else:
            dirty = _mark_dirty(state, marks, now)
            if by_delta:
                delta_capture_months(
                    rows=_dirty_rows(UnitMonthFacts.objects.all()), sign=-1, since=since
                )
            _month_facts(dirty_only=True, now=now)
            if by_delta:
                delta_capture_months(
                    rows=_dirty_rows(UnitMonthFacts.objects.all()), sign=+1, since=since
                )
            delete(DirtyMonth.objects.all())
        if full:
            platform_facts(now=now, dirty_only=False)
            unit_facts(with_members=True, dirty_only=False)
        else:
            mark_state_dirty(
                previous=state.started_at,
                now=now,
                snapshot_from=marks["snapshot"]["from"],
                page_log_from=marks["page_log"]["from"],
                audit_from=marks["audit"]["from"],
            )
            dirty_units = DirtyUnit.objects.values("unit_id")
            if by_delta:
                delta_capture_state(units=dirty_units, sign=-1)
            platform_facts(now=now, dirty_only=True)
            unit_facts(with_members=False, dirty_only=True)
            if by_delta:
                delta_capture_state(units=dirty_units, sign=+1)
            delete(DirtyUnit.objects.all())
        if by_delta:
            rollup_cache_add_deltas()
        else:
            rollup_cache_forget_deltas()
            state.cache_from = rollup_cache_build(today=timezone.localdate(now))
        state.cache_audit_mark = audit_mark
        seconds = time.perf_counter() - started
        state.marks = marks
        state.started_at = now
        state.finished_at = timezone.now()
        if full:
            state.rebuilt_at = state.finished_at
        state.last_dirty_units = dirty
        state.last_seconds = round(seconds, 3)
        state.save()
    return RefreshResult(full=full, dirty_units=dirty, seconds=seconds)


def analytics_rebuild(*, now: datetime | None = None) -> RefreshResult:
    """Recompute every fact from the sources (the daily safety net)."""
    return analytics_refresh(full=True, now=now)


# ---- watermarks ------------------------------------------------------------------

# Append-mostly sources read by primary key (see RefreshState.marks).
SOURCES: tuple[tuple[str, type[models.Model]], ...] = (
    ("delivery", Delivery),
    ("snapshot", MetricSnapshot),
    ("page_log", PageLogEntry),
    ("task", DirectiveTask),
    ("audit", AuditLogEntry),
)


def _max_pk(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def _between(model: type[models.Model], low: int, high: int) -> int:
    return model._default_manager.filter(pk__gt=low, pk__lte=high).count()


# A rebuild counts the rows it saw among the last ids below its mark only
# (counting five million deliveries would cost seconds); a transaction that
# commits late holds an id allocated just before the mark.
LATE_WINDOW = 100_000


def _new_mark(model: type[models.Model], old: dict[str, int] | None, full: bool) -> dict[str, int]:
    """This refresh's mark for `model`, with "from": the id after which it
    must read, so that a row that commits late below a mark is still read."""
    old = old or {}
    mark = _max_pk(model)
    if full:
        prev = max(mark - LATE_WINDOW, 0)
        return {"prev": prev, "mark": mark, "seen": _between(model, prev, mark), "from": mark}
    prev, last, seen = old.get("prev", 0), old.get("mark", 0), old.get("seen", 0)
    start = last
    if last > prev and _between(model, prev, last) != seen:
        start = prev  # a row committed late (or was deleted): read the interval again
    return {"prev": last, "mark": mark, "seen": _between(model, last, mark), "from": start}


# ---- which unit-months changed -------------------------------------------------------


def _month(field: str | Any) -> TruncMonth:
    return TruncMonth(field, output_field=DateField(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _mark(rows: models.QuerySet[Any], unit: str, when: str) -> None:
    """Add the (unit, month of `when`) pairs of `rows` where `when` is set."""
    pairs = (
        rows.filter(**{f"{when}__isnull": False})
        .order_by()
        .values_list(unit, _month(when))
        .distinct()
    )
    upsert_select(
        model=DirtyMonth,
        columns=["unit_id", "month"],
        select=compiled(pairs),
        conflict=["unit_id", "month"],
        update=[],
    )


def _dirty_rows(queryset: models.QuerySet[Any], unit: str = "unit_id", when: str = "month") -> Any:
    """`queryset` narrowed to the dirty unit-months: by unit first (so the
    unit indexes lead), then by the month of `when`."""
    if when != "month":
        queryset = queryset.alias(x_month=_month(when))
    month = OuterRef("month" if when == "month" else "x_month")
    return queryset.filter(**{f"{unit}__in": DirtyMonth.objects.values("unit_id")}).filter(
        Exists(DirtyMonth.objects.filter(unit_id=OuterRef(unit), month=month))
    )


def _add_pending(deliveries: models.QuerySet[Delivery], now: datetime) -> None:
    unsettled = deliveries.filter(status__in=UNSETTLED).exclude(
        status=DeliveryStatus.FAILED, updated_at__lt=now - FAILED_WATCH
    )
    upsert_select(
        model=PendingDelivery,
        columns=["delivery_id", "unit_id"],
        select=compiled(unsettled.values_list("pk", "account__unit_id").order_by()),
        conflict=["delivery_id"],
        update=[],
    )


def _check_pending(now: datetime) -> None:
    """Mark the pending deliveries that went out, then forget those that
    settled. Each is looked up by key once (correlated subqueries): joining
    the two tables let PostgreSQL scan every delivery instead."""
    current = Delivery.objects.filter(pk=OuterRef("delivery_id"))
    PendingDelivery.objects.update(
        status=Coalesce(Subquery(current.values("status")[:1]), Value("")),
        sent_at=Subquery(current.values("sent_at")[:1]),
        updated_at=Subquery(current.values("updated_at")[:1]),
    )
    _mark(PendingDelivery.objects.filter(status__in=PUBLISHED), "unit_id", "sent_at")
    delete(
        PendingDelivery.objects.filter(
            ~Q(status__in=UNSETTLED)
            | Q(status=DeliveryStatus.FAILED, updated_at__lt=now - FAILED_WATCH)
        )
    )


def _mark_dirty(state: RefreshState, marks: dict[str, dict[str, int]], now: datetime) -> int:
    """Fill DirtyMonth; returns the number of units concerned."""
    delete(DirtyMonth.objects.all())
    new = Delivery.objects.filter(pk__gt=marks["delivery"]["from"])
    _mark(new.filter(status__in=PUBLISHED), "account__unit_id", "sent_at")
    _check_pending(now)
    _add_pending(new, now)
    _mark(
        MetricSnapshot.objects.filter(
            pk__gt=marks["snapshot"]["from"], delivery__status__in=PUBLISHED
        ),
        "delivery__account__unit_id",
        "delivery__sent_at",
    )
    touched_pages = PageLogEntry.objects.filter(pk__gt=marks["page_log"]["from"]).values("page_id")
    _mark(
        ArticlePage.objects.filter(pk__in=touched_pages, unit__isnull=False),
        "unit_id",
        "first_published_at",
    )
    since = (state.started_at or now) - ISSUE_OVERLAP
    _mark(Issue.objects.filter(updated_at__gte=since), "bulletin__unit_id", "sent_at")
    _mark(DirectiveTask.objects.filter(pk__gt=marks["task"]["from"]), "unit_id", "due_at")
    task_entries = (
        AuditLogEntry.objects.filter(
            pk__gt=marks["audit"]["from"],
            action__in=TASK_ACTIONS,
            target_type=ContentType.objects.get_for_model(DirectiveTask),
        )
        .annotate(task_id=Cast("target_id", BigIntegerField()))
        .values("task_id")
    )
    _mark(DirectiveTask.objects.filter(pk__in=task_entries), "unit_id", "due_at")
    # Open tasks whose due time passed since the last refresh are now late.
    _mark(
        DirectiveTask.objects.filter(
            state__in=[*OPEN_TASK_STATES, TaskState.LATE], due_at__gte=since, due_at__lt=now
        ),
        "unit_id",
        "due_at",
    )
    if connection.vendor == "postgresql":
        # Filled in this transaction: give the planner its real size.
        execute(f"ANALYZE {table(DirtyMonth)}")
    return DirtyMonth.objects.values("unit_id").distinct().count()


# ---- monthly output ----------------------------------------------------------------------


def _month_sources(dirty_only: bool, now: datetime) -> list[tuple[list[str], models.QuerySet[Any]]]:
    """(columns written, grouped query) for each source of monthly output."""

    def within(qs: models.QuerySet[Any], unit_field: str, when: str) -> models.QuerySet[Any]:
        return _dirty_rows(qs, unit_field, when) if dirty_only else qs

    deliveries = within(
        Delivery.objects.filter(status__in=PUBLISHED, sent_at__isnull=False),
        "account__unit_id",
        "sent_at",
    )
    newer = MetricSnapshot.objects.filter(delivery_id=OuterRef("delivery_id")).filter(
        Q(taken_at__gt=OuterRef("taken_at"))
        | Q(taken_at=OuterRef("taken_at"), pk__gt=OuterRef("pk"))
    )
    # A snapshot holds lifetime counts: a post's reach is its newest snapshot's.
    snapshots = within(
        MetricSnapshot.objects.filter(
            delivery__status__in=PUBLISHED, delivery__sent_at__isnull=False
        )
        .exclude(Exists(newer))
        .filter(reach__isnull=False),
        "delivery__account__unit_id",
        "delivery__sent_at",
    )
    articles = within(
        ArticlePage.objects.filter(
            live=True, alias_of__isnull=True, first_published_at__isnull=False, unit__isnull=False
        ),
        "unit_id",
        "first_published_at",
    )
    issues = within(
        Issue.objects.filter(state=IssueState.SENT, sent_at__isnull=False),
        "bulletin__unit_id",
        "sent_at",
    )
    tasks = within(DirectiveTask.objects.all(), "unit_id", "due_at")
    done = Q(state=TaskState.DONE)
    by_month = deliveries.values(u=F("account__unit_id"), m=_month("sent_at"))
    if dirty_only:
        # A few units: their deliveries are read once, each looking up its
        # newest snapshot by index.
        newest_reach = (
            MetricSnapshot.objects.filter(delivery=OuterRef("pk"))
            .order_by("-taken_at", "-pk")
            .values("reach")[:1]
        )
        delivery_source = (
            ["deliveries_sent", "posts_sent", "reach"],
            by_month.annotate(
                x_deliveries=Count("pk"),
                x_posts=Count("post_id", distinct=True),
                x_reach=Coalesce(Sum(Subquery(newest_reach)), 0),
            ),
        )
        reach_sources = []
    else:
        # Every delivery: the snapshots are joined to their deliveries
        # instead (far fewer snapshots than deliveries).
        delivery_source = (
            ["deliveries_sent", "posts_sent"],
            by_month.annotate(x_deliveries=Count("pk"), x_posts=Count("post_id", distinct=True)),
        )
        reach_sources = [
            (
                ["reach"],
                snapshots.values(
                    u=F("delivery__account__unit_id"), m=_month("delivery__sent_at")
                ).annotate(x_reach=Sum("reach")),
            )
        ]
    return [
        delivery_source,
        *reach_sources,
        (
            ["articles"],
            articles.values(u=F("unit_id"), m=_month("first_published_at")).annotate(
                x_articles=Count("pk")
            ),
        ),
        (
            ["issues_sent", "issue_recipients"],
            issues.values(u=F("bulletin__unit_id"), m=_month("sent_at")).annotate(
                x_issues=Count("pk"), x_recipients=Sum("recipients_total")
            ),
        ),
        (
            ["tasks", "tasks_done", "tasks_on_time", "tasks_late", "tasks_open"],
            tasks.values(u=F("unit_id"), m=_month("due_at")).annotate(
                x_tasks=Count("pk"),
                x_done=Count("pk", filter=done),
                x_on_time=Count("pk", filter=done & Q(done_at__lte=F("due_at"))),
                # By the due time, not the state: late as soon as it is due,
                # whenever campaigns' sweep gets to it.
                x_late=Count("pk", filter=~done & Q(due_at__lt=now)),
                x_open=Count("pk", filter=~done & Q(due_at__gte=now)),
            ),
        ),
    ]


def _month_facts(*, dirty_only: bool, now: datetime) -> None:
    if dirty_only:
        delete(_dirty_rows(UnitMonthFacts.objects.all()))
    else:
        delete(UnitMonthFacts.objects.all())
    for columns, grouped in _month_sources(dirty_only, now):
        aggregates = [name for name in grouped.query.annotation_select if name.startswith("x_")]
        upsert_select(
            model=UnitMonthFacts,
            columns=["unit_id", "month", *columns],
            select=compiled(grouped.values_list("u", "m", *aggregates).order_by()),
            conflict=["unit_id", "month"],
            update=columns,
            only_changed=False,
        )
