"""Reads of advocacy: the kits a member may share, the boards per person
and per unit over a period, what an officer may see (scoped through
`org.scoping`), and a campaign's sharing figures for the campaigns app."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from lantoa.advocacy.choices import KitState
from lantoa.advocacy.models import Ambassador, Click, ShareKit, ShareLink
from lantoa.core.actors import Actor
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit
from lantoa.org.scoping import filter_by_scope, subtree_condition

SHARE_POINTS = 2  # per kit shared (whatever the number of networks or repeats)
CLICK_POINTS = 1  # per unique visitor and day


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    return [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]


def ambassador_of(member: Member) -> Ambassador | None:
    return Ambassador.objects.filter(member=member, active=True).first()


def kits_for_member(member: Member) -> QuerySet[ShareKit]:
    """Published kits of the member's unit and of the units above it."""
    return ShareKit.objects.filter(
        unit__path__in=_ancestor_paths(member.unit), state=KitState.PUBLISHED
    ).select_related("unit", "image")


def kit_for_member(member: Member, public_id: uuid.UUID) -> ShareKit | None:
    return kits_for_member(member).filter(public_id=public_id).first()


def kit_list_for(*, actor: Actor) -> QuerySet[ShareKit]:
    return filter_by_scope(
        ShareKit.objects.select_related("unit"), actor, Perm.CONTENT_EDIT, path_field="unit__path"
    )


# -- boards -------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    rank: int
    ambassador_id: int
    name: str
    unit_name: str
    shares: int
    clicks: int

    @property
    def points(self) -> int:
        return self.shares * SHARE_POINTS + self.clicks * CLICK_POINTS


@dataclass(frozen=True)
class UnitRow:
    rank: int
    unit_id: int
    name: str
    ambassadors: int
    shares: int
    clicks: int

    @property
    def points(self) -> int:
        return self.shares * SHARE_POINTS + self.clicks * CLICK_POINTS


def _tallies(unit: OrgUnit, start: dt.date, end: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """Per ambassador in `unit`'s subtree: kits shared and unique clicks
    (distinct visitor and day per kit) between two dates, inclusive."""
    in_tree = subtree_condition("ambassador__member__unit__path", unit.path, bounded=False)
    shares = dict(
        ShareLink.objects.filter(in_tree, shared_at__date__gte=start, shared_at__date__lte=end)
        .values("ambassador_id")
        .annotate(n=Count("kit_id", distinct=True))
        .values_list("ambassador_id", "n")
    )
    click_tree = subtree_condition("link__ambassador__member__unit__path", unit.path, bounded=False)
    clicks: dict[int, int] = {}
    unique = (
        Click.objects.filter(click_tree, day__gte=start, day__lte=end)
        .order_by()
        .values_list("link__ambassador_id", "link__kit_id", "day", "visitor")
        .distinct()
    )
    for ambassador_id, _kit, _day, _visitor in unique.iterator():
        clicks[ambassador_id] = clicks.get(ambassador_id, 0) + 1
    return shares, clicks


def person_board(
    unit: OrgUnit, start: dt.date, end: dt.date, *, limit: int = 50
) -> list[PersonRow]:
    """Ambassadors of `unit`'s subtree by points; those who chose not to be
    shown are left out (their figures still count for their unit)."""
    shares, clicks = _tallies(unit, start, end)
    ids = set(shares) | set(clicks)
    people = Ambassador.objects.filter(pk__in=ids, on_board=True, active=True).select_related(
        "member__unit"
    )
    rows = sorted(
        ((a, shares.get(a.pk, 0), clicks.get(a.pk, 0)) for a in people),
        key=lambda r: (-(r[1] * SHARE_POINTS + r[2] * CLICK_POINTS), -r[2], r[0].member.full_name),
    )
    return [
        PersonRow(i, a.pk, a.member.full_name, a.member.unit.name, s, c)
        for i, (a, s, c) in enumerate(rows[:limit], start=1)
    ]


def unit_board(unit: OrgUnit, start: dt.date, end: dt.date) -> list[UnitRow]:
    """Each unit directly below `unit` (or `unit` itself when it has none),
    with everything of its subtree, by points."""
    shares, clicks = _tallies(unit, start, end)
    children = list(unit.get_children()) or [unit]
    ambassadors = Ambassador.objects.filter(
        subtree_condition("member__unit__path", unit.path, bounded=False)
    ).values_list("pk", "member__unit__path", "active")
    rows = []
    for child in children:
        mine = [(pk, active) for pk, path, active in ambassadors if path.startswith(child.path)]
        rows.append(
            (
                child,
                sum(1 for _pk, active in mine if active),
                sum(shares.get(pk, 0) for pk, _a in mine),
                sum(clicks.get(pk, 0) for pk, _a in mine),
            )
        )
    rows.sort(key=lambda r: (-(r[2] * SHARE_POINTS + r[3] * CLICK_POINTS), -r[3], r[0].name))
    return [UnitRow(i, u.pk, u.name, n, s, c) for i, (u, n, s, c) in enumerate(rows, start=1)]


@dataclass(frozen=True)
class AmbassadorSummary:
    shares: int
    clicks: int
    new_kits: list[ShareKit]

    @property
    def points(self) -> int:
        return self.shares * SHARE_POINTS + self.clicks * CLICK_POINTS


def ambassador_summary(
    ambassador: Ambassador, since: dt.datetime, until: dt.datetime
) -> AmbassadorSummary:
    """What an ambassador did and what is new for them, over a period (the digest)."""
    shares = (
        ShareLink.objects.filter(ambassador=ambassador, shared_at__gte=since, shared_at__lt=until)
        .order_by()
        .values("kit_id")
        .distinct()
        .count()
    )
    clicks = (
        Click.objects.filter(link__ambassador=ambassador, at__gte=since, at__lt=until)
        .order_by()
        .values("link__kit_id", "day", "visitor")
        .distinct()
        .count()
    )
    new_kits = list(
        kits_for_member(ambassador.member)
        .filter(published_at__gte=since, published_at__lt=until)
        .order_by("-published_at")[:10]
    )
    return AmbassadorSummary(shares, clicks, new_kits)


def kit_figures(kit: ShareKit) -> dict[str, int]:
    """Ambassadors who shared, shares and unique clicks of one kit."""
    links = ShareLink.objects.filter(kit=kit)
    return {
        "ambassadors": links.filter(shared_at__isnull=False)
        .order_by()
        .values("ambassador_id")
        .distinct()
        .count(),
        "shares": links.filter(shared_at__isnull=False).count(),
        "clicks": Click.objects.filter(link__kit=kit).count(),
        "unique_clicks": Click.objects.filter(link__kit=kit)
        .order_by()
        .values("link__kit_id", "day", "visitor")
        .distinct()
        .count(),
    }


def campaign_sharing(*, actor: Actor, campaign_ref: uuid.UUID) -> dict[str, int]:
    """Shares and clicks of a campaign's kits the actor may see."""
    kits = kit_list_for(actor=actor).filter(campaign_ref=campaign_ref)
    links = ShareLink.objects.filter(kit__in=kits)
    return {
        "kits": kits.count(),
        "shares": links.filter(shared_at__isnull=False).count(),
        "clicks": Click.objects.filter(link__kit__in=kits).count(),
    }


__all__ = [
    "CLICK_POINTS",
    "SHARE_POINTS",
    "ambassador_of",
    "ambassador_summary",
    "campaign_sharing",
    "kit_figures",
    "kit_for_member",
    "kit_list_for",
    "kits_for_member",
    "person_board",
    "unit_board",
]
