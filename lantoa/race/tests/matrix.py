"""The race's admin screens in the generated permission matrix
(lantoa/tests/security/)."""

import datetime as dt

from django.utils import timezone

from lantoa.core.actors import SYSTEM
from lantoa.org.choices import Perm
from lantoa.org.tests.factories import MemberFactory
from lantoa.race.choices import ActivitySource, ActivityStatus
from lantoa.race.models import Activity, Appeal
from lantoa.race.services import races
from lantoa.race.tests.factories import race_approved, register
from lantoa.tests.security.matrix import Screen, posted


def race_at(unit, ctx):
    return race_approved(unit, title=f"Giải {unit.code}")


def pending_race_at(unit, ctx):
    today = timezone.localdate()
    race = races.race_create(
        actor=SYSTEM,
        unit=unit,
        title=f"Giải chờ duyệt {unit.code}",
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
    )
    return races.race_submit(actor=SYSTEM, race=race)


def held_activity_at(unit, ctx):
    race = race_at(unit, ctx)
    entry = register(race, MemberFactory(unit=unit))
    return Activity.objects.create(
        race=race,
        registration=entry,
        status=ActivityStatus.REVIEW,
        source=ActivitySource.MANUAL,
        sport="run",
        distance_m=5000,
        moving_s=1800,
        findings=[{"code": "manual", "severity": "review", "message": "Nhập tay"}],
    )


def appeal_at(unit, ctx):
    activity = held_activity_at(unit, ctx)
    activity.status = ActivityStatus.REJECTED
    activity.save(update_fields=["status"])
    return Appeal.objects.create(activity=activity, race=activity.race, text="Xin xem lại")


SCREENS = [
    Screen("race_races:edit", "view", pending_race_at),
    Screen("race_races:detail", "view", race_at),
    posted("race_races:action", pending_race_at, "action", "approve", perm=Perm.CONTENT_APPROVE),
    posted("race_races:action", race_at, "action", "submit"),
    Screen("race_activities:review", "view", held_activity_at),
    Screen(
        "race_activities:review",
        "state",
        held_activity_at,
        "POST",
        data=lambda obj: {"decision": "approve", "note": "Được"},
        label="race_activities:review[approve]",
    ),
    Screen("race_appeals:decide", "view", appeal_at),
    Screen(
        "race_appeals:decide",
        "state",
        appeal_at,
        "POST",
        data=lambda obj: {"decision": "uphold", "note": "Được"},
        label="race_appeals:decide[uphold]",
    ),
]
