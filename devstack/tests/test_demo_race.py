import pytest
from django.core.management import CommandError, call_command

from devstack.demo.race import RACE_TITLE, RaceDemoLoader
from lantoa.org.tests.factories import MemberFactory, UserFactory
from lantoa.race.choices import ActivityStatus, AppealStatus, RaceState
from lantoa.race.models import Activity, Appeal, Race, Registration, UnitResult

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_race")
    assert not Race.objects.exists()


def test_a_race_underway_with_work_waiting_for_officers(settings, tree):
    settings.DEBUG = True
    demo_user = UserFactory(username="doanvien.khicamau")
    MemberFactory(unit=tree.sibling, email="doanvien.khicamau@example.com", user=demo_user)
    for n in range(12):
        MemberFactory(unit=[tree.unit, tree.child, tree.sibling, tree.uncle][n % 4])
    counts = RaceDemoLoader(runners=8).load()

    race = Race.objects.get(title=RACE_TITLE)
    assert race.state == RaceState.APPROVED
    assert counts["Registration"] == 9
    assert counts["Appeal"] == 1
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert {ActivityStatus.ACCEPTED, ActivityStatus.REVIEW, ActivityStatus.REJECTED} <= statuses
    assert Appeal.objects.get().status == AppealStatus.OPEN
    codes = [f["code"] for a in Activity.objects.all() for f in a.findings]
    assert codes.count("duplicate_file") == 1
    assert "teleport" in codes
    demo_entry = Registration.objects.get(race=race, member__user=demo_user)
    assert (demo_entry.bib, demo_entry.total_m) == ("XDK00001", 16_500)  # past the 10 km finisher
    top = UnitResult.objects.get(race=race, unit=tree.root)
    assert top.registered == 9
    assert top.total_m > 0
    # The same seed gives the same race, and a second load adds nothing.
    assert RaceDemoLoader(runners=8).load() == {}
