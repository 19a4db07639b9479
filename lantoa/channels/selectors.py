"""Reading channel figures: totals per channel and per unit (with its whole subtree).

Snapshots hold lifetime counts, so a post's figure is the newest snapshot that
carries it (a snapshot where the platform gave no figure says "unknown", not
zero, and hides no older figure), and a channel's total is the sum over its
posts sent in the period. `latest_reach` and `latest_reach_snapshots` are the
one definition of a post's reach that campaigns and analytics read too. Followers are the
channel's newest count; a unit's followers add up its channels' (one person who
follows two channels counts twice: platforms do not tell who is who).

Callers decide who may see which unit (lantoa.org.scoping); these functions only
read what they are given.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from lantoa.channels.choices import AccountState, DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, InboundMessage, MetricSnapshot
from lantoa.core.actors import Actor
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope

FIGURES = ("reach", "reactions", "comments", "shares")


@dataclass(frozen=True)
class ChannelTotals:
    posts: int = 0
    reach: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    followers: int = 0

    def __add__(self, other: "ChannelTotals") -> "ChannelTotals":
        return ChannelTotals(
            posts=self.posts + other.posts,
            reach=self.reach + other.reach,
            reactions=self.reactions + other.reactions,
            comments=self.comments + other.comments,
            shares=self.shares + other.shares,
            followers=self.followers + other.followers,
        )


@dataclass(frozen=True)
class ChannelRow:
    account_id: int
    unit_id: int
    platform: str
    name: str
    totals: ChannelTotals


@dataclass(frozen=True)
class UnitTotals:
    unit_id: int
    since: datetime
    total: ChannelTotals
    channels: list[ChannelRow] = field(default_factory=list)

    def by_platform(self) -> dict[str, ChannelTotals]:
        out: dict[str, ChannelTotals] = {}
        for row in self.channels:
            out[row.platform] = out.get(row.platform, ChannelTotals()) + row.totals
        return out


def latest_figure(name: str, delivery: OuterRef | None = None) -> Subquery:
    """A delivery's newest known `name` figure, to annotate a Delivery queryset
    (`delivery` defaults to the outer row's pk); NULL when none is known."""
    newest = MetricSnapshot.objects.filter(
        delivery=OuterRef("pk") if delivery is None else delivery,
        **{f"{name}__isnull": False},
    ).order_by("-taken_at", "-pk")
    return Subquery(newest.values(name)[:1])


def latest_reach(delivery: OuterRef | None = None) -> Subquery:
    """A post's reach on one channel: its delivery's newest snapshot that carries
    a reach (annotate a Delivery queryset with it)."""
    return latest_figure("reach", delivery)


def latest_reach_snapshots() -> QuerySet[MetricSnapshot]:
    """The snapshots that hold each delivery's reach (`latest_reach`), one per
    delivery that has one: for grouping many deliveries at once, where a join
    from snapshots is cheaper than a subquery per delivery."""
    known = Q(reach__isnull=False)
    newer = MetricSnapshot.objects.filter(known, delivery_id=OuterRef("delivery_id")).filter(
        Q(taken_at__gt=OuterRef("taken_at"))
        | Q(taken_at=OuterRef("taken_at"), pk__gt=OuterRef("pk"))
    )
    return MetricSnapshot.objects.filter(known, delivery__isnull=False).exclude(Exists(newer))


def _totals(accounts: Iterable[ChannelAccount], since: datetime) -> list[ChannelRow]:
    accounts = list(accounts)
    per_account = {a.pk: ChannelTotals(followers=a.followers or 0) for a in accounts}
    # One row per post with its newest figures; summed here so the query stays the
    # same on SQLite and PostgreSQL (a unit's posts in a period are thousands, not
    # millions).
    rows = (
        Delivery.objects.filter(
            account__in=[a.pk for a in accounts],
            status=DeliveryStatus.SENT,
            sent_at__gte=since,
        )
        .annotate(**{f"latest_{name}": latest_figure(name) for name in FIGURES})
        .values_list("account_id", *(f"latest_{name}" for name in FIGURES))
    )
    for account_id, reach, reactions, comments, shares in rows:
        per_account[account_id] = per_account[account_id] + ChannelTotals(
            posts=1,
            reach=reach or 0,
            reactions=reactions or 0,
            comments=comments or 0,
            shares=shares or 0,
        )
    return [
        ChannelRow(
            account_id=a.pk,
            unit_id=a.unit_id,
            platform=a.platform,
            name=a.name,
            totals=per_account[a.pk],
        )
        for a in accounts
    ]


@dataclass(frozen=True)
class DeliveryFigures:
    """A sent post's newest figures on one channel (None: the platform gives none)."""

    reach: int | None
    reactions: int | None
    comments: int | None
    shares: int | None
    taken_at: datetime | None


def delivery_figures(deliveries: Iterable[Delivery]) -> dict[int, DeliveryFigures]:
    """{delivery id: its newest figures}, in one query; deliveries never read are absent."""
    ids = [d.pk for d in deliveries]
    rows = (
        Delivery.objects.filter(pk__in=ids)
        .annotate(**{f"latest_{name}": latest_figure(name) for name in (*FIGURES, "taken_at")})
        .values_list("pk", *(f"latest_{name}" for name in (*FIGURES, "taken_at")))
    )
    return {
        pk: DeliveryFigures(reach, reactions, comments, shares, taken_at)
        for pk, reach, reactions, comments, shares, taken_at in rows
        if taken_at is not None
    }


def channel_totals(account: ChannelAccount, since: datetime) -> ChannelTotals:
    """One channel's posts sent since `since`, their newest figures, its followers."""
    (row,) = _totals([account], since)
    return row.totals


def channel_totals_for_unit(unit: OrgUnit, since: datetime) -> UnitTotals:
    """Totals of every channel of `unit` and the units below it (path prefix)."""
    accounts = ChannelAccount.objects.filter(unit__path__startswith=unit.path).order_by(
        "unit__path", "platform", "name"
    )
    rows = _totals(accounts, since)
    total = ChannelTotals()
    for row in rows:
        total = total + row.totals
    return UnitTotals(unit_id=unit.pk, since=since, total=total, channels=rows)


__all__ = [
    "ChannelRow",
    "ChannelTotals",
    "DeliveryFigures",
    "UnitTotals",
    "account_list_active_of_units",
    "account_list_for",
    "channel_totals",
    "channel_totals_for_unit",
    "delivery_figures",
    "inbound_message_get",
    "latest_figure",
    "latest_reach",
    "latest_reach_snapshots",
]


def account_list_for(user: Actor) -> QuerySet[ChannelAccount]:
    """The channel accounts of the user's scope (Perm.CONTENT_EDIT), by unit."""
    return filter_by_scope(ChannelAccount.objects.all(), user, Perm.CONTENT_EDIT).order_by(
        "unit__path", "platform", "pk"
    )


def account_list_active_of_units(units: Iterable[OrgUnit]) -> QuerySet[ChannelAccount]:
    """The active channel accounts of exactly these units (not their subtrees)."""
    return ChannelAccount.objects.filter(unit__in=list(units), state=AccountState.ACTIVE).order_by(
        "unit__path", "platform", "pk"
    )


def inbound_message_get(message_id: int) -> InboundMessage | None:
    """One stored comment or message, with its account and unit (None when gone)."""
    return (
        InboundMessage.objects.select_related("account__unit", "event")
        .filter(pk=message_id)
        .first()
    )


def delivery_counts_by_platform_and_status() -> list[tuple[str, str, int]]:
    """Every delivery counted by its channel's platform and its status: the
    operator's `/metrics` series (unscoped: figures only, no names)."""

    rows = (
        Delivery.objects.order_by()
        .values_list("account__platform", "status")
        .annotate(n=Count("id"))
    )
    return [(platform, status, n) for platform, status, n in rows]
