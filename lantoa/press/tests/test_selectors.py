import datetime as dt
import uuid

import pytest

from lantoa.core.exceptions import PermissionDenied
from lantoa.press.choices import Tone
from lantoa.press.selectors import (
    OutletCoverage,
    clipping_list_for,
    coverage_for_campaign,
    coverage_for_period,
    release_list_for,
)
from lantoa.press.tests.factories import ClippingFactory, OutletFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("parent_approver", {"unit", "child", "sibling"}),
        ("unit_officer", {"unit", "child"}),
        ("child_officer", {"child"}),
        ("sibling_officer", {"sibling"}),
    ],
)
def test_lists_are_scoped(tree, people, who, expected):
    for name in ("unit", "child", "sibling", "uncle"):
        PressReleaseFactory(unit=getattr(tree, name), title=name)
        ClippingFactory(unit=getattr(tree, name), title=name)
    actor = getattr(people, who)
    assert set(release_list_for(actor=actor).values_list("title", flat=True)) == expected
    assert set(clipping_list_for(actor=actor).values_list("title", flat=True)) == expected


def test_member_without_role_sees_nothing(tree):
    from lantoa.org.tests.factories import UserFactory

    PressReleaseFactory(unit=tree.unit)
    assert list(release_list_for(actor=UserFactory())) == []


def test_campaign_coverage(tree, people):
    campaign = uuid.uuid4()
    big = OutletFactory(unit=tree.unit, name="Báo Lao Động", reach=300_000)
    small = OutletFactory(unit=tree.child, name="Tạp chí Dầu khí", reach=20_000)
    ClippingFactory(unit=tree.unit, outlet=big, campaign_ref=campaign, tone=Tone.POSITIVE)
    ClippingFactory(
        unit=tree.unit, outlet=big, campaign_ref=campaign, tone=Tone.NEUTRAL, reach=1_000
    )
    ClippingFactory(unit=tree.child, outlet=small, campaign_ref=campaign, tone=Tone.NEGATIVE)
    ClippingFactory(unit=tree.sibling, campaign_ref=campaign)  # out of the officer's scope
    ClippingFactory(unit=tree.unit, outlet=big)  # another campaign
    coverage = coverage_for_campaign(actor=people.unit_officer, campaign_ref=campaign)
    assert (coverage.count, coverage.reach, coverage.tones) == (
        3,
        321_000,
        {"positive": 1, "neutral": 1, "negative": 1},
    )
    assert coverage.outlets == [
        OutletCoverage("Báo Lao Động", 2, 301_000),
        OutletCoverage("Tạp chí Dầu khí", 1, 20_000),
    ]
    assert coverage.positive_share == pytest.approx(1 / 3)


def test_period_coverage_covers_the_subtree_and_the_days(tree, people, django_assert_num_queries):
    for day, unit in [(1, tree.unit), (15, tree.grandchild), (31, tree.unit), (16, tree.sibling)]:
        ClippingFactory(unit=unit, published_on=dt.date(2026, 5, day), outlet_name="X", outlet=None)
    ClippingFactory(unit=tree.unit, published_on=dt.date(2026, 6, 1))
    with django_assert_num_queries(2):  # the actor's roles, then the clippings with outlets
        coverage = coverage_for_period(
            actor=people.unit_officer,
            unit=tree.unit,
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 5, 31),
        )
    assert [c.published_on.day for c in coverage.clippings] == [31, 15, 1]
    assert coverage.outlets == [OutletCoverage("X", 3, 0)]


def test_period_coverage_out_of_scope_refused(tree, people):
    with pytest.raises(PermissionDenied):
        coverage_for_period(
            actor=people.unit_officer,
            unit=tree.sibling,
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 5, 31),
        )
