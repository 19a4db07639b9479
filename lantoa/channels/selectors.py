"""Reading channel figures: totals per channel and per unit (with its whole subtree).

Snapshots hold lifetime counts, so a post's figure is its newest snapshot, and a
channel's total is the sum over its posts sent in the period. Followers are the
channel's newest count; a unit's followers add up its channels' (one person who
follows two channels counts twice: platforms do not tell who is who).

Callers decide who may see which unit (lantoa.org.scoping); these functions only
read what they are given.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Subquery

from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot
from lantoa.org.models import OrgUnit

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


def _latest(name: str) -> Subquery:
    newest = MetricSnapshot.objects.filter(delivery=OuterRef("pk")).order_by("-taken_at", "-pk")
    return Subquery(newest.values(name)[:1])


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
        .annotate(**{f"latest_{name}": _latest(name) for name in FIGURES})
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
    "UnitTotals",
    "channel_totals",
    "channel_totals_for_unit",
]
