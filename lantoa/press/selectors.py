"""Reads of press relations, scoped to what the actor may see
(`org.scoping`). Campaign reports read coverage here by the campaign's
public id; press never imports campaigns."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from lantoa.core.actors import Actor
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope, require_perm, subtree_condition
from lantoa.press.choices import Tone
from lantoa.press.models import Clipping, Journalist, Outlet, PressRelease


def outlet_list_for(*, actor: Actor) -> QuerySet[Outlet]:
    return filter_by_scope(
        Outlet.objects.select_related("unit"), actor, Perm.CONTENT_EDIT, path_field="unit__path"
    )


def journalist_list_for(*, actor: Actor) -> QuerySet[Journalist]:
    return filter_by_scope(
        Journalist.objects.select_related("unit", "outlet"),
        actor,
        Perm.CONTENT_EDIT,
        path_field="unit__path",
    )


def release_list_for(*, actor: Actor) -> QuerySet[PressRelease]:
    return filter_by_scope(
        PressRelease.objects.select_related("unit"),
        actor,
        Perm.CONTENT_EDIT,
        path_field="unit__path",
    )


def clipping_list_for(*, actor: Actor) -> QuerySet[Clipping]:
    return filter_by_scope(
        Clipping.objects.select_related("unit", "outlet", "release"),
        actor,
        Perm.CONTENT_EDIT,
        path_field="unit__path",
    )


@dataclass(frozen=True)
class OutletCoverage:
    name: str
    clippings: int
    reach: int


@dataclass(frozen=True)
class Coverage:
    """What the press wrote: totals, tone and outlets, and the clippings
    themselves (newest first)."""

    clippings: list[Clipping]
    count: int
    reach: int
    tones: dict[str, int]
    outlets: list[OutletCoverage] = field(default_factory=list)

    @property
    def positive_share(self) -> float | None:
        return self.tones[Tone.POSITIVE] / self.count if self.count else None


def coverage_of(clippings: QuerySet[Clipping]) -> Coverage:
    rows = list(clippings.select_related("outlet").order_by("-published_on", "-id"))
    tones = dict.fromkeys(Tone.values, 0)
    per_outlet: dict[str, list[int]] = {}
    reach = 0
    for c in rows:
        tones[c.tone] += 1
        r = c.effective_reach
        reach += r
        counts = per_outlet.setdefault(c.source_name, [0, 0])
        counts[0] += 1
        counts[1] += r
    outlets = sorted(
        (OutletCoverage(name, n, r) for name, (n, r) in per_outlet.items()),
        key=lambda o: (-o.clippings, -o.reach, o.name),
    )
    return Coverage(rows, len(rows), reach, tones, outlets)


def coverage_for_campaign(*, actor: Actor, campaign_ref: uuid.UUID) -> Coverage:
    """The coverage of a campaign (by its public id), over the clippings the
    actor may see."""
    return coverage_of(clipping_list_for(actor=actor).filter(campaign_ref=campaign_ref))


def coverage_for_period(*, actor: Actor, unit: OrgUnit, starts_on: date, ends_on: date) -> Coverage:
    """The coverage of a unit and the units below it between two dates
    (inclusive). Needs `Perm.CONTENT_EDIT` at the unit."""
    require_perm(actor, Perm.CONTENT_EDIT, unit)
    qs = Clipping.objects.filter(
        subtree_condition("unit__path", unit.path, bounded=False),
        published_on__gte=starts_on,
        published_on__lte=ends_on,
    )
    return coverage_of(qs)
