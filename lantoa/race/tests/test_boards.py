"""Boards per person and per unit (average km per member, so small units
compete fairly), and the per-unit results other apps read."""

import pytest

from lantoa.org.tests.factories import MemberFactory
from lantoa.race import selectors
from lantoa.race.actors import ACTIVITY_PROCESS
from lantoa.race.models import Registration
from lantoa.race.services.results import registration_lock, registration_recount, results_rebuild
from lantoa.race.tests.factories import register

pytestmark = pytest.mark.django_db


def _give(registration, metres):
    """Set a registration's counted total as the services would."""
    from lantoa.race.choices import ActivitySource, ActivityStatus
    from lantoa.race.models import Activity

    Activity.objects.create(
        race=registration.race,
        registration=registration,
        status=ActivityStatus.ACCEPTED,
        source=ActivitySource.MANUAL,
        sport="run",
        distance_m=metres,
        moving_s=metres * 6 // 10,
    )
    registration_recount(registration_lock(registration.pk))


@pytest.fixture
def field(race, tree):
    """Khí Vũng Tàu: 3 runners, 30 km; Khí Cà Mau: 1 runner, 15 km."""
    kvt = [register(race, MemberFactory(unit=tree.unit, full_name=f"KVT {i}")) for i in range(3)]
    kcm = register(race, MemberFactory(unit=tree.sibling, full_name="KCM 1"))
    for reg, km in zip(kvt, (12, 12, 6), strict=True):
        _give(reg, km * 1000)
    _give(kcm, 15_000)
    return kvt, kcm


def test_the_unit_board_ranks_by_average_so_small_units_compete(race, tree, field):
    rows = selectors.unit_board(race)
    assert [
        (r.rank, r.unit.code, r.registered, str(r.total_km), str(r.average_km)) for r in rows
    ] == [
        (1, "KCM", 1, "15.00", "15.00"),
        (2, "KVT", 3, "30.00", "10.00"),
    ]
    totals = selectors.race_totals(race)
    assert (totals.registered, totals.active, totals.total_m) == (4, 4, 45_000)


def test_the_person_board_shares_ranks_on_equal_totals(race, field):
    kvt, _kcm = field
    rows, more = selectors.person_board(race, me=kvt[1])
    assert [(r.rank, r.name, str(r.total_km), r.is_me) for r in rows] == [
        (1, "KCM 1", "15.00", False),
        (2, "KVT 0", "12.00", False),
        (2, "KVT 1", "12.00", True),
        (4, "KVT 2", "6.00", False),
    ]
    assert more is False
    second_page, _ = selectors.person_board(race, page=2, per_page=2)
    assert [(r.rank, r.name) for r in second_page] == [(2, "KVT 1"), (4, "KVT 2")]
    kvt[2].refresh_from_db()
    assert selectors.registration_rank(kvt[2]) == 4


def test_the_person_board_within_a_unit(race, tree, field):
    rows, _ = selectors.person_board(race, within=tree.sibling)
    assert [r.name for r in rows] == ["KCM 1"]


def test_board_reads_take_a_fixed_number_of_queries(race, field, django_assert_num_queries):
    kvt, _ = field
    with django_assert_num_queries(1):
        selectors.person_board(race, me=kvt[0])
    with django_assert_num_queries(3):  # the page's ids, their rows, the first row's rank
        selectors.person_board(race, page=2, per_page=2)
    with django_assert_num_queries(1):
        selectors.unit_board(race)


def test_unit_results_for_campaigns_and_analytics(race, tree, field):
    (result,) = selectors.unit_race_results(tree.unit)
    assert (result.race_id, result.registered, result.active, str(result.total_km)) == (
        race.pk,
        3,
        3,
        "30.00",
    )
    assert str(result.average_km) == "10.00"
    assert selectors.unit_race_results(tree.uncle) == []


def test_rebuilding_the_roll_up_gives_what_the_services_kept(race, field):
    from lantoa.race.models import UnitResult

    kept = sorted(
        UnitResult.objects.filter(race=race).values_list(
            "unit_path", "registered", "active", "total_m"
        )
    )
    results_rebuild(actor=ACTIVITY_PROCESS, race=race)
    rebuilt = sorted(
        UnitResult.objects.filter(race=race).values_list(
            "unit_path", "registered", "active", "total_m"
        )
    )
    assert rebuilt == kept
    assert Registration.objects.filter(race=race).count() == 4
