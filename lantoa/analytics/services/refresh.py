"""Refreshing the per-unit facts and the top-level cache
(docs/subsystems/analytics.md), in one transaction that holds the
RefreshState row lock (two refreshes never overlap).

- **Monthly facts** (deliveries, metric snapshots, articles, bulletin issues,
  directive tasks, events, check-ins and programme sessions: the big,
  append-mostly tables): only the unit-months touched since the last refresh
  are recomputed, from scratch. "Touched" is what analytics heard from the
  other apps' domain events (subscribers.py writes each changed unit-month
  into `ChangedMonth`: a delivery went out, figures were pulled, an article
  was published or unpublished, a directive was sent, a task was done or
  became overdue, an event was approved or cancelled, a member was checked
  in at one, a
  programme session was reported), plus the bulletin issues
  changed since the last refresh. Nothing is ever incremented, so hearing a
  change twice is harmless.
- **State facts** (channels, site homes, bulletins): the units whose state
  may have changed (services/state_facts.py).
- **Members** (the largest table): counted by the daily rebuild only.
- **Top-level cache**: follows the facts by deltas (services/rollup_cache.py).

The rebuild (`full=True`, daily and on the first run) recomputes everything
and catches what no event tells (rows deleted at the source).
"""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from wagtail.models import PageLogEntry

from lantoa.analytics.columns import OVERLAP
from lantoa.analytics.models import (
    ChangedMonth,
    DirtyMonth,
    DirtyUnit,
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
from lantoa.analytics.services.sql import (
    compiled,
    delete,
    execute,
    table,
    take,
    upsert_select,
)
from lantoa.analytics.services.state_facts import (
    forget_changed_units,
    mark_state_dirty,
    platform_facts,
    unit_facts,
)
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.public import Issue
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.public import DirectiveTask
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.public import Delivery
from lantoa.channels.selectors import latest_reach, latest_reach_snapshots
from lantoa.core.models import AuditLogEntry
from lantoa.events.choices import EventState
from lantoa.events.public import Event, ProgrammeSession, Registration
from lantoa.newsroom.public import ArticlePage
from lantoa.org.public import OrgUnit

# Deliveries that were on the platform: a post later removed still went out.
PUBLISHED = (DeliveryStatus.SENT, DeliveryStatus.DELETED)


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
            # Before any source is read: what commits later waits for the next refresh.
            delete(ChangedMonth.objects.all())
            forget_changed_units()
            dirty = OrgUnit.objects.count()
            _month_facts(dirty_only=False, now=now)
        else:
            dirty = _mark_dirty(state, now)
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

# The logs read by primary key for the state facts (see RefreshState.marks):
# Wagtail's page log (unit site homes published or unpublished) and our audit
# log (bulletin and channel account changes, tree changes for the cache).
SOURCES: tuple[tuple[str, type[models.Model]], ...] = (
    ("page_log", PageLogEntry),
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


# Calendar dates (not instants): their month needs no time zone.
DATE_COLUMNS = frozenset({"held_on"})


def _month(field: str | Any) -> TruncMonth:
    if field in DATE_COLUMNS:
        return TruncMonth(field, output_field=DateField())
    return TruncMonth(field, output_field=DateField(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _mark(
    rows: models.QuerySet[Any],
    unit: str,
    when: str,
    into: type[DirtyMonth | ChangedMonth] = DirtyMonth,
) -> None:
    """Add the (unit, month of `when`) pairs of `rows` where `when` is set."""
    pairs = (
        rows.filter(**{f"{when}__isnull": False})
        .order_by()
        .values_list(unit, _month(when))
        .distinct()
    )
    upsert_select(
        model=into,
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


# ---- what the other apps' events changed (written by subscribers.py) ------------------


def months_changed_by_deliveries(delivery_ids: list[int]) -> None:
    """Deliveries went out, or got new figures: their unit-months change."""
    if not delivery_ids:
        return
    _mark(
        Delivery.objects.filter(pk__in=delivery_ids, status__in=PUBLISHED),
        "account__unit_id",
        "sent_at",
        into=ChangedMonth,
    )


def months_changed_by_articles(article_ids: list[int]) -> None:
    """Articles were published or unpublished: the months they count in change."""
    if not article_ids:
        return
    _mark(
        ArticlePage.objects.filter(pk__in=article_ids, unit__isnull=False),
        "unit_id",
        "first_published_at",
        into=ChangedMonth,
    )


def months_changed_by_tasks(
    *, task_ids: list[int] | None = None, directive_id: int | None = None
) -> None:
    """Directive tasks were created (a directive sent), done or overdue."""
    if task_ids is not None and not task_ids:
        return
    tasks = DirectiveTask.objects.all()
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    if directive_id is not None:
        tasks = tasks.filter(directive_id=directive_id)
    _mark(tasks, "unit_id", "due_at", into=ChangedMonth)


def months_changed_by_events(event_ids: list[int]) -> None:
    """Events were approved or cancelled: their organisers' months of start change."""
    if not event_ids:
        return
    _mark(Event.objects.filter(pk__in=event_ids), "unit_id", "starts_at", into=ChangedMonth)


def months_changed_by_checkins(registration_ids: list[int]) -> None:
    """Members were checked in at events: their units' months of check-in change."""
    if not registration_ids:
        return
    _mark(
        Registration.objects.filter(pk__in=registration_ids),
        "unit_id",
        "checked_in_at",
        into=ChangedMonth,
    )


def months_changed_by_sessions(session_ids: list[int]) -> None:
    """Programme sessions were reported: the reporting units' months change."""
    if not session_ids:
        return
    _mark(
        ProgrammeSession.objects.filter(pk__in=session_ids), "unit_id", "held_on", into=ChangedMonth
    )


def _mark_dirty(state: RefreshState, now: datetime) -> int:
    """Fill DirtyMonth; returns the number of units concerned."""
    delete(DirtyMonth.objects.all())
    # What the other apps' events changed; what commits meanwhile waits for next time.
    take(source=ChangedMonth, into=DirtyMonth, columns=["unit_id", "month"])
    since = (state.started_at or now) - OVERLAP
    _mark(Issue.objects.filter(updated_at__gte=since), "bulletin__unit_id", "sent_at")
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
    # A post's reach as channels defines it (its newest known figure).
    snapshots = within(
        latest_reach_snapshots().filter(
            delivery__status__in=PUBLISHED, delivery__sent_at__isnull=False
        ),
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
    events_held = within(Event.objects.filter(state=EventState.APPROVED), "unit_id", "starts_at")
    checkins = within(
        Registration.objects.filter(checked_in_at__isnull=False), "unit_id", "checked_in_at"
    )
    sessions = within(ProgrammeSession.objects.all(), "unit_id", "held_on")
    done = Q(state=TaskState.DONE)
    by_month = deliveries.values(u=F("account__unit_id"), m=_month("sent_at"))
    if dirty_only:
        # A few units: their deliveries are read once, each looking up its
        # newest snapshot by index.
        delivery_source = (
            ["deliveries_sent", "posts_sent", "reach"],
            by_month.annotate(
                x_deliveries=Count("pk"),
                x_posts=Count("post_id", distinct=True),
                x_reach=Coalesce(Sum(latest_reach()), 0),
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
            ["events_held"],
            events_held.values(u=F("unit_id"), m=_month("starts_at")).annotate(
                x_events=Count("pk")
            ),
        ),
        (
            ["attendees"],
            checkins.values(u=F("unit_id"), m=_month("checked_in_at")).annotate(
                x_attendees=Count("pk")
            ),
        ),
        (
            ["programme_sessions", "session_participants"],
            sessions.values(u=F("unit_id"), m=_month("held_on")).annotate(
                x_sessions=Count("pk"), x_participants=Sum("participants")
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
