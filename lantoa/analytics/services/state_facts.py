"""The state facts of units: their channels (by platform), site and bulletin
(docs/subsystems/analytics.md). Part of the refresh (services/refresh.py),
inside its transaction.

A rebuild recomputes every unit. A refresh recomputes the units whose state
may have changed since the last one (`DirtyUnit`):

- a channel saved (`updated_at`), that posted or failed (`last_success_at`,
  `last_error_at`: the outbox sets them with queryset updates, which leave
  `updated_at` alone), or that turned stale with time alone (its last post,
  or its connection, crossed the staleness cut-off between the two refreshes);
- a unit whose channels' followers were read (`ChangedUnit`, written when
  analytics hears `channels.metrics_pulled`);
- a unit site home published or unpublished (Wagtail's page log);
- a bulletin created, its subscribers, its issues, or any `bulletin.*` or
  `channels.account_*` entry of our audit log;
- a unit that has no facts yet.

What leaves no trace (a deleted channel, a bulletin switched off outside its
services) waits for the daily rebuild.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from wagtail.models import PageLogEntry

from lantoa.analytics.columns import OVERLAP
from lantoa.analytics.models import ChangedUnit, DirtyUnit, UnitFacts, UnitPlatformFacts
from lantoa.analytics.services.sql import (
    compiled,
    delete,
    execute,
    table,
    take,
    upsert_select,
)
from lantoa.bulletin.choices import IssueState, SubscriberState
from lantoa.bulletin.public import Bulletin, ExternalSubscriber, Issue
from lantoa.channels.choices import SOCIAL_PLATFORMS, AccountState
from lantoa.channels.public import ChannelAccount
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.public import UnitSiteHome
from lantoa.org.choices import MemberStatus
from lantoa.org.public import Member, OrgUnit

# A channel is stale when it has not posted for this many days (counted from
# its connection when it never posted).
STALE_DAYS = 30
STALE = timedelta(days=STALE_DAYS)

UNIT_COLUMNS = (
    "channels",
    "channels_active",
    "social_live",
    "stale_channels",
    "followers",
    "followers_channels",
    "has_site",
    "has_bulletin",
    "bulletin_subscribers",
    "bulletin_recipients",
)
PLATFORM_COLUMNS = ("channels", "active", "live", "stale", "followers", "followers_channels")


def _mark(units: models.QuerySet[Any]) -> None:
    """Add the unit ids selected by `units` (a one-column values_list)."""
    upsert_select(
        model=DirtyUnit,
        columns=["unit_id"],
        select=compiled(units.order_by().distinct()),
        conflict=["unit_id"],
        update=[],
    )


def units_changed(unit_ids: list[int]) -> None:
    """Remember that the state facts of `unit_ids` changed (a subscriber's
    work): the next refresh recomputes them."""
    if not unit_ids:
        return
    upsert_select(
        model=ChangedUnit,
        columns=["unit_id"],
        select=compiled(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk").order_by()),
        conflict=["unit_id"],
        update=[],
    )


def forget_changed_units() -> None:
    """A rebuild recomputes every unit: the changes waiting are covered."""
    delete(ChangedUnit.objects.all())


def mark_state_dirty(
    *,
    previous: datetime | None,
    now: datetime,
    page_log_from: int,
    audit_from: int,
) -> int:
    """Fill DirtyUnit with the units whose state may have changed since the
    refresh that started at `previous`; returns their number."""
    delete(DirtyUnit.objects.all())
    # Units whose followers were read; what commits meanwhile waits for next time.
    take(source=ChangedUnit, into=DirtyUnit, columns=["unit_id"])
    since = (previous or now) - OVERLAP
    seen = Coalesce("last_success_at", "created_at")
    _mark(
        ChannelAccount.objects.alias(x_seen=seen)
        .filter(
            Q(updated_at__gte=since)
            | Q(last_success_at__gte=since)
            | Q(last_error_at__gte=since)
            | Q(x_seen__gte=since - STALE, x_seen__lt=now - STALE)
        )
        .values_list("unit_id")
    )
    touched_pages = PageLogEntry.objects.filter(pk__gt=page_log_from).values("page_id")
    _mark(UnitSiteHome.objects.filter(pk__in=touched_pages).values_list("unit_id"))
    _mark(Bulletin.objects.filter(created_at__gte=since).values_list("unit_id"))
    _mark(
        ExternalSubscriber.objects.filter(
            Q(created_at__gte=since) | Q(confirmed_at__gte=since) | Q(unsubscribed_at__gte=since)
        ).values_list("bulletin__unit_id")
    )
    _mark(Issue.objects.filter(updated_at__gte=since).values_list("bulletin__unit_id"))
    audited_paths = (
        AuditLogEntry.objects.filter(pk__gt=audit_from)
        .filter(Q(action__startswith="bulletin.") | Q(action__startswith="channels.account_"))
        .values("unit_path")
    )
    _mark(OrgUnit.objects.filter(path__in=audited_paths).values_list("pk"))
    _mark(
        OrgUnit.objects.exclude(Exists(UnitFacts.objects.filter(unit=OuterRef("pk")))).values_list(
            "pk"
        )
    )
    if connection.vendor == "postgresql":
        execute(f"ANALYZE {table(DirtyUnit)}")
    return DirtyUnit.objects.count()


def _dirty(queryset: models.QuerySet[Any], unit_field: str, dirty_only: bool) -> Any:
    if not dirty_only:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": DirtyUnit.objects.values("unit_id")})


def platform_facts(*, now: datetime, dirty_only: bool) -> None:
    """One row per (unit, platform) with channels: all units, or the dirty
    ones (whose rows are replaced)."""
    cutoff = now - STALE
    active = Q(state=AccountState.ACTIVE)
    recent = Q(last_success_at__gte=cutoff) | Q(
        last_success_at__isnull=True, created_at__gte=cutoff
    )
    grouped = (
        _dirty(ChannelAccount.objects.order_by(), "unit_id", dirty_only)
        .values("unit_id", "platform")
        .annotate(
            x_channels=Count("pk"),
            x_active=Count("pk", filter=active),
            x_live=Count("pk", filter=active & recent),
            x_stale=Count("pk", filter=active & ~recent),
            x_followers=Coalesce(Sum("followers"), 0),
            x_followers_channels=Count("followers"),
        )
        .values_list("unit_id", "platform", *(f"x_{name}" for name in PLATFORM_COLUMNS))
    )
    if dirty_only:
        delete(_dirty(UnitPlatformFacts.objects.all(), "unit_id", True))
    upsert_select(
        model=UnitPlatformFacts,
        columns=["unit_id", "platform", *PLATFORM_COLUMNS],
        select=compiled(grouped),
        conflict=["unit_id", "platform"],
        update=PLATFORM_COLUMNS,
    )
    if not dirty_only:
        delete(
            UnitPlatformFacts.objects.exclude(
                Exists(
                    ChannelAccount.objects.filter(
                        unit_id=OuterRef("unit_id"), platform=OuterRef("platform")
                    )
                )
            )
        )


def unit_facts(*, with_members: bool, dirty_only: bool) -> None:
    """One row per unit, from the platform facts, site homes and bulletins
    (and, `with_members`, the member counts) joined to the unit table: all
    units, or the dirty ones. Only rows whose values change are written."""
    channels = (
        _dirty(UnitPlatformFacts.objects.order_by(), "unit_id", dirty_only)
        .values("unit_id")
        .annotate(
            x_channels=Sum("channels"),
            x_active=Sum("active"),
            x_social_live=Coalesce(Sum("live", filter=Q(platform__in=SOCIAL_PLATFORMS)), 0),
            x_stale=Sum("stale"),
            x_followers=Sum("followers"),
            x_followers_channels=Sum("followers_channels"),
        )
        .values_list(
            "unit_id",
            "x_channels",
            "x_active",
            "x_social_live",
            "x_stale",
            "x_followers",
            "x_followers_channels",
        )
    )
    sites = _dirty(
        UnitSiteHome.objects.filter(live=True, alias_of__isnull=True), "unit_id", dirty_only
    ).values_list("unit_id")
    subscribers = (
        ExternalSubscriber.objects.filter(bulletin=OuterRef("pk"), state=SubscriberState.CONFIRMED)
        .order_by()
        .values("bulletin")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_issue = Issue.objects.filter(bulletin=OuterRef("pk"), state=IssueState.SENT).order_by(
        "-sent_at", "-pk"
    )
    bulletins = (
        _dirty(Bulletin.objects.order_by(), "unit_id", dirty_only)
        .annotate(
            x_subscribers=Coalesce(Subquery(subscribers), 0),
            x_recipients=Coalesce(Subquery(last_issue.values("recipients_total")[:1]), 0),
        )
        .values_list("unit_id", "is_active", "x_subscribers", "x_recipients")
    )
    members = (
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .order_by()
        .values("unit_id")
        .annotate(x_members=Count("pk"))
        .values_list("unit_id", "x_members")
    )
    parts = [compiled(channels.order_by()), compiled(sites.order_by()), compiled(bulletins)]
    member_join, member_value = "", "0"
    if with_members:
        parts.append(compiled(members))
        member_join = "LEFT JOIN ({}) m ON m.unit_id = u.id "
        member_value = "COALESCE(m.x_members, 0)"
    where = f"WHERE u.id IN (SELECT unit_id FROM {table(DirtyUnit)})" if dirty_only else ""  # noqa: S608
    sql = (
        f"SELECT u.id, {member_value}, "  # noqa: S608 — quoted identifiers and compiled ORM SQL; values are parameters
        "COALESCE(c.x_channels, 0), COALESCE(c.x_active, 0), COALESCE(c.x_social_live, 0), "
        "COALESCE(c.x_stale, 0), COALESCE(c.x_followers, 0), COALESCE(c.x_followers_channels, 0), "
        "(s.unit_id IS NOT NULL), "
        "CASE WHEN b.unit_id IS NULL THEN FALSE ELSE b.is_active END, "
        "COALESCE(b.x_subscribers, 0), COALESCE(b.x_recipients, 0) "
        f"FROM {table(OrgUnit)} u "
        "LEFT JOIN ({}) c ON c.unit_id = u.id "
        "LEFT JOIN ({}) s ON s.unit_id = u.id "
        "LEFT JOIN ({}) b ON b.unit_id = u.id "
        f"{member_join}{where}"
    ).format(*(part_sql for part_sql, _ in parts))
    params: tuple[Any, ...] = tuple(p for _, part_params in parts for p in part_params)
    update = [*UNIT_COLUMNS, "members"] if with_members else list(UNIT_COLUMNS)
    upsert_select(
        model=UnitFacts,
        columns=["unit_id", "members", *UNIT_COLUMNS],
        select=(sql, params),
        conflict=["unit_id"],
        update=update,
    )
