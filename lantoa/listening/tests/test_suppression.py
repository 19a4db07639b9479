"""Small-count suppression is complementary: no combination of the figures a
dashboard shows (the total minus the visible cells, row or column sums)
gives back a hidden cell, even to someone who knows the rule."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.listening.choices import Sentiment
from lantoa.listening.suppression import cells_to_hide
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

# ---- the rule, as a property -------------------------------------------------------


def _observed(totals, min_size, remainder):
    """What a reader sees of one relation: the margin (or nothing below the
    reporting size) and each cell's size or None."""
    margin = sum(totals) + remainder
    hidden = cells_to_hide(totals, min_size, remainder=remainder)
    cells = tuple(None if i in hidden else t for i, t in enumerate(totals))
    return (margin if margin >= min_size else None), cells


relations = st.tuples(
    st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=7),
    st.integers(min_value=2, max_value=6),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=9)),
)


@settings(max_examples=400, deadline=None)
@given(relations)
def test_no_hidden_cell_is_given_back_by_the_visible_figures(relation):
    totals, min_size, remainder = relation
    margin, cells = _observed(totals, min_size, remainder)
    hidden = [i for i, c in enumerate(cells) if c is None]

    # Primary: every cell below min_size is hidden, empty ones included.
    for i, size in enumerate(totals):
        if size < min_size:
            assert cells[i] is None
    if margin is None:
        assert all(c is None for c in cells)
        return

    # The margin minus the visible cells is nothing or a group big enough to show.
    residual = margin - sum(c for c in cells if c is not None)
    assert residual == 0 or residual >= min_size
    # ... shared by at least two hidden parts whenever it covers a small cell.
    if any(0 < totals[i] < min_size for i in hidden):
        assert len(hidden) + (remainder > 0) >= 2

    # Someone who knows the rule, the margin and the visible cells cannot pin
    # down any hidden cell: another split of the residual among the hidden
    # parts looks exactly the same. (When nothing is left over, the hidden
    # cells are known to be empty: a zero identifies nobody.)
    slots = [*hidden, "remainder"]
    for i in hidden:
        alternatives = set()
        for j in slots:
            if j == i:
                continue
            for moved in range(-totals[i], residual + 1):
                world = list(totals)
                world[i] += moved
                other = remainder
                if j == "remainder":
                    other -= moved
                else:
                    world[j] -= moved
                if min(world) < 0 or other < 0:
                    continue
                if _observed(world, min_size, other) == (margin, cells):
                    alternatives.add(world[i])
        assert len(alternatives) >= 2 or (residual == 0 and totals[i] == 0), (
            totals,
            remainder,
            min_size,
            i,
        )


def test_the_reported_case_hides_the_complement():
    # A total of 6 with a visible day of 5 gave back the other day's one opinion.
    assert cells_to_hide([5, 1], 5) == {0, 1}
    # Children: a unit's own opinions are never shown apart, so they count as hidden.
    assert cells_to_hide([7, 9], 5, remainder=1) == {0}
    assert cells_to_hide([7, 9], 5, remainder=0) == set()
    assert cells_to_hide([7, 9], 5, remainder=6) == set()
    # The smallest visible cells are hidden first.
    assert cells_to_hide([30, 2, 8, 6], 5) == {1, 3}
    # Empty cells are hidden too; hiding them is enough when nothing else is small.
    assert cells_to_hide([0, 7, 0], 5) == {0, 2}


# ---- the dashboard and the API apply it ---------------------------------------------------


def _officer_of(unit):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    org_services.sync_admin_access(user)
    return user


@pytest.fixture
def six_opinions(tree, settings):
    """The reported case: PV GAS's grassroots unit has five opinions one day
    and one negative opinion another day; its sibling has seven."""
    settings.LANTOA_LISTENING_MIN_REPORTING_SIZE = 5
    busy = timezone.now() - dt.timedelta(hours=1)
    quiet = timezone.now() - dt.timedelta(days=3)
    for _ in range(5):
        OpinionFactory(unit=tree.unit, sentiment=Sentiment.NEGATIVE, received_at=busy)
    OpinionFactory(unit=tree.unit, sentiment=Sentiment.NEGATIVE, received_at=quiet)
    for _ in range(7):
        OpinionFactory(unit=tree.sibling, sentiment=Sentiment.POSITIVE, received_at=busy)
    return busy, quiet


def _day_cells(html, day):
    row = re.search(rf'<tr data-day="{day:%Y-%m-%d}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td>([^<]*)</td>", row)


@pytest.mark.django_db
def test_the_dashboard_total_minus_the_visible_days_gives_nothing_back(client, tree, six_opinions):
    busy, quiet = six_opinions
    client.force_login(_officer_of(tree.unit))
    response = client.get(reverse("listening_dashboard:index"), {"days": "7"})
    html = response.content.decode()
    assert re.search(r'data-figure="total">6<', html)
    # Both days hidden: 6 minus what is shown is 6, not one opinion.
    assert _day_cells(html, timezone.localtime(busy).date()) == ["—"] * 4
    assert _day_cells(html, timezone.localtime(quiet).date()) == ["—"] * 4
    shown = [
        p.total for p in (r["point"] for r in response.context["day_rows"]) if p.total is not None
    ]
    assert sum(shown) == 0


@pytest.mark.django_db
def test_the_parent_total_minus_visible_children_gives_nothing_back(client, tree, settings):
    settings.LANTOA_LISTENING_MIN_REPORTING_SIZE = 5
    now = timezone.now() - dt.timedelta(hours=1)
    for _ in range(9):
        OpinionFactory(unit=tree.unit, received_at=now)
    for _ in range(8):
        OpinionFactory(unit=tree.sibling, received_at=now)
    OpinionFactory(unit=tree.parent, sentiment=Sentiment.NEGATIVE, received_at=now)  # own
    client.force_login(_officer_of(tree.parent))
    response = client.get(reverse("listening_dashboard:index"))
    children = {s.unit.code: s.total for s, _ in response.context["children"]}
    # 18 minus 9 and 8 would give PV GAS's own single opinion: the smaller child goes too.
    assert response.context["dash"].overview.total == 18
    assert children == {"KVT": 9, "KCM": None}


@pytest.mark.django_db
def test_the_api_trends_apply_the_same_rule(client, tree, six_opinions):
    from lantoa.core.api.testing import bearer_headers

    response = client.get(
        "/api/v1/listening/trends/", headers=bearer_headers(_officer_of(tree.unit))
    )
    body = response.json()
    assert body["totals"]["total"] == 6
    # Every day hidden: the busy day's 5 with the quiet day's 1 and the empty days.
    assert {p["total"] for p in body["points"]} == {None}
    assert {p["negative"] for p in body["points"]} == {None}
