"""Properties of the roll-ups on random trees (hypothesis).

For every unit of a random tree with random channels, deliveries and
members: its roll-up equals its own figures plus its children's roll-ups,
each child's row equals that child's own dashboard, the figures equal a
brute-force count over the generated data, and percentages stay in [0, 100].
Moving a random subtree moves exactly its figures: every unit's figures
change by the moved subtree's, taken from the old ancestors, given to the new.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.analytics.figures import COUNTED_KINDS, Coverage, Output
from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import Dashboard, dashboard_for
from lantoa.analytics.services.refresh import analytics_refresh, months_changed_by_deliveries
from lantoa.analytics.services.rollup_cache import CACHE_DEPTH
from lantoa.channels.choices import SOCIAL_PLATFORMS, AccountState, DeliveryStatus, Platform
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.org.choices import UnitKind
from lantoa.org.models import Member, OrgUnit
from lantoa.org.services import unit_move
from lantoa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PERIOD = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
NOW = dt.datetime(2025, 3, 20, 12, tzinfo=HCM)


@dataclass(frozen=True)
class ChannelSpec:
    platform: str
    active: bool
    recent: bool
    followers: int | None
    sent_months: tuple[int, ...]  # months (1..3 of 2025) of its sent deliveries


@dataclass(frozen=True)
class NodeSpec:
    parent: int  # index of an earlier node (ignored for node 0)
    kind: str
    is_active: bool
    members: int
    channels: tuple[ChannelSpec, ...]


channel_specs = st.builds(
    ChannelSpec,
    platform=st.sampled_from(Platform.values),
    active=st.booleans(),
    recent=st.booleans(),
    followers=st.one_of(st.none(), st.integers(0, 5000)),
    sent_months=st.lists(st.integers(1, 3), max_size=3).map(tuple),
)


@st.composite
def trees(draw: st.DrawFn) -> list[NodeSpec]:
    size = draw(st.integers(1, 9))
    nodes = []
    for i in range(size):
        nodes.append(
            NodeSpec(
                parent=draw(st.integers(0, i - 1)) if i else 0,
                kind=draw(st.sampled_from(UnitKind.values)),
                is_active=draw(st.booleans()) if i else True,
                members=draw(st.integers(0, 3)),
                channels=tuple(draw(st.lists(channel_specs, max_size=2))),
            )
        )
    return nodes


def build(nodes: list[NodeSpec]) -> list[OrgUnit]:
    units: list[OrgUnit] = []
    for i, spec in enumerate(nodes):
        fields = {
            "kind": spec.kind,
            "code": f"P{i}",
            "name": f"Đơn vị {i}",
            "slug": f"p-{i}",
            "is_active": spec.is_active,
        }
        if i == 0:
            unit = OrgUnit.add_root(**fields)
        else:
            parent = units[spec.parent]
            parent.refresh_from_db()
            unit = parent.add_child(**fields)
        units.append(unit)
        Member.objects.bulk_create(
            Member(unit=unit, full_name="A", search_name="a", employee_code=f"E{i}-{m}")
            for m in range(spec.members)
        )
        for c, ch in enumerate(spec.channels):
            last = NOW - dt.timedelta(days=2 if ch.recent else 60)
            account = ChannelAccount.objects.create(
                unit=unit,
                platform=ch.platform,
                external_id=f"x{i}-{c}",
                state=AccountState.ACTIVE if ch.active else AccountState.BROKEN,
                last_success_at=last,
                followers=ch.followers,
            )
            for d, month in enumerate(ch.sent_months):
                post = Post.objects.create(unit=unit, text="Tin")
                Delivery.objects.create(
                    post=post,
                    account=account,
                    marker=f"m{i}-{c}-{d}",
                    status=DeliveryStatus.SENT,
                    sent_at=dt.datetime(2025, month, 10, tzinfo=HCM),
                )
    for unit in units:
        unit.refresh_from_db()
    return units


def subtree(nodes: list[NodeSpec], i: int) -> set[int]:
    """Indices of node i and its descendants, by the generated parents."""
    found = {i}
    for j in range(i + 1, len(nodes)):
        if nodes[j].parent in found:
            found.add(j)
    return found


def oracle(nodes: list[NodeSpec], indices: set[int]) -> tuple[int, int, int, int]:
    """(counted units, units with a live social channel, channels, deliveries)
    counted directly from the generated data."""
    counted = social = channels = deliveries = 0
    for i in indices:
        spec = nodes[i]
        deliveries += sum(len(c.sent_months) for c in spec.channels)
        if not spec.is_active:
            continue
        channels += len(spec.channels)
        if spec.kind in COUNTED_KINDS:
            counted += 1
            social += any(
                c.active and c.recent and c.platform in SOCIAL_PLATFORMS for c in spec.channels
            )
    return counted, social, channels, deliveries


def figures(dash: Dashboard) -> tuple[object, ...]:
    return (
        dash.coverage,
        dash.output,
        dash.compliance,
        dash.own,
        dash.children,
        dash.kinds,
        dash.platforms,
        dash.months,
    )


def check_rollups(dash: Dashboard, by_unit: dict[int, Dashboard]) -> None:
    children_cov = sum((b.coverage for b in dash.children), Coverage())
    children_out = sum((b.output for b in dash.children), Output())
    assert dash.coverage == dash.own.coverage + children_cov
    assert dash.output == dash.own.output + children_out
    for branch in dash.children:
        assert branch.coverage == by_unit[branch.unit.pk].coverage
        assert branch.output == by_unit[branch.unit.pk].output
    for pct in (dash.coverage.pct_social, dash.coverage.pct_site, dash.coverage.pct_bulletin):
        assert pct is None or 0 <= pct <= 100
    for row in dash.kinds:
        assert row.coverage.pct_social is None or 0 <= row.coverage.pct_social <= 100


def dashboards(units: list[OrgUnit]) -> dict[int, Dashboard]:
    return {u.pk: dashboard_for(u, PERIOD) for u in units}


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(nodes=trees())
def test_every_rollup_is_its_own_figures_plus_its_childrens(nodes):
    with transaction.atomic():
        units = build(nodes)
        analytics_refresh(full=True, now=NOW)
        by_unit = dashboards(units)
        for i, unit in enumerate(units):
            dash = by_unit[unit.pk]
            check_rollups(dash, by_unit)
            counted, social, channels, deliveries = oracle(nodes, subtree(nodes, i))
            assert (dash.coverage.units, dash.coverage.units_social) == (counted, social)
            assert dash.coverage.channels == channels
            assert dash.output.deliveries_sent == deliveries
            # The top levels are read from the refresh's cache: the same figures.
            assert dash.from_cache == (unit.depth <= CACHE_DEPTH)
            assert figures(dash) == figures(dashboard_for(unit, PERIOD, use_cache=False))
        transaction.set_rollback(True)


@st.composite
def moves(draw: st.DrawFn) -> tuple[list[NodeSpec], int, int]:
    nodes = draw(trees().filter(lambda n: len(n) >= 3))
    moved = draw(st.integers(1, len(nodes) - 1))
    below = subtree(nodes, moved)
    target = draw(st.sampled_from([i for i in range(len(nodes)) if i not in below]))
    return nodes, moved, target


@SETTINGS
@given(case=moves())
def test_moving_a_subtree_moves_its_figures(case):
    nodes, moved, target = case
    with transaction.atomic():
        units = build(nodes)
        analytics_refresh(full=True, now=NOW)
        before = dashboards(units)
        old_paths = {u.pk: u.path for u in units}
        moved_unit = units[moved]
        carried = before[moved_unit.pk]

        unit_move(actor=UserFactory(is_superuser=True), unit=moved_unit, new_parent=units[target])

        for unit in units:
            unit.refresh_from_db()
        # No refresh: the roll-ups follow the tree as soon as it changes.
        after = dashboards(units)
        assert not any(d.from_cache for d in after.values())
        new_path = moved_unit.path
        for unit in units:
            if unit.pk in {u.pk for u in units if u.path.startswith(new_path)}:
                # The moved subtree keeps its own figures.
                assert after[unit.pk].coverage == before[unit.pk].coverage
                assert after[unit.pk].output == before[unit.pk].output
                continue
            was_above = old_paths[moved_unit.pk].startswith(old_paths[unit.pk])
            is_above = new_path.startswith(unit.path)
            cov, out = before[unit.pk].coverage, before[unit.pk].output
            if was_above and not is_above:
                assert after[unit.pk].coverage + carried.coverage == cov
                assert after[unit.pk].output + carried.output == out
            elif is_above and not was_above:
                assert after[unit.pk].coverage == cov + carried.coverage
                assert after[unit.pk].output == out + carried.output
            else:
                assert (after[unit.pk].coverage, after[unit.pk].output) == (cov, out)
            check_rollups(after[unit.pk], after)
        transaction.set_rollback(True)


@st.composite
def changes(draw: st.DrawFn) -> tuple[list[NodeSpec], list[tuple[int, int]]]:
    nodes = draw(trees())
    added = draw(st.lists(st.tuples(st.integers(0, len(nodes) - 1), st.integers(1, 3)), max_size=6))
    return nodes, added


@SETTINGS
@given(case=changes())
def test_incremental_refresh_keeps_the_cache_equal_to_the_live_figures(case):
    nodes, added = case
    with transaction.atomic():
        units = build(nodes)
        analytics_refresh(full=True, now=NOW)
        for n, (i, month) in enumerate(added):
            account = ChannelAccount.objects.create(
                unit=units[i], platform=Platform.TELEGRAM_CHANNEL, external_id=f"new{n}"
            )
            post = Post.objects.create(unit=units[i], text="Tin mới")
            delivery = Delivery.objects.create(
                post=post,
                account=account,
                marker=f"new{n}",
                status=DeliveryStatus.SENT,
                sent_at=dt.datetime(2025, month, 12, tzinfo=HCM),
            )
            # What analytics does on hearing `channels.post_delivered`.
            months_changed_by_deliveries([delivery.pk])

        analytics_refresh(now=NOW + dt.timedelta(minutes=5))

        for i, unit in enumerate(units):
            if unit.depth > CACHE_DEPTH:
                continue
            cached = dashboard_for(unit, PERIOD)
            assert cached.from_cache
            assert figures(cached) == figures(dashboard_for(unit, PERIOD, use_cache=False))
            deliveries = oracle(nodes, subtree(nodes, i))[3]
            more = sum(1 for j, _ in added if j in subtree(nodes, i))
            assert cached.output.deliveries_sent == deliveries + more
        transaction.set_rollback(True)
