"""Race data for tests and the demo: built through the services, so that a
race in a test obeys the same rules (approval, bibs, roll-up) as a real one."""

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantoa.core.actors import SYSTEM, Actor
from lantoa.org.public import Member, OrgUnit
from lantoa.race.models import Activity, Race, Registration
from lantoa.race.services import activities, races, registrations


def race_approved(
    unit: OrgUnit,
    *,
    title: str = "Giải chạy bộ online Xuân Dầu khí",
    days_before: int = 10,
    days_after: int = 20,
    actor: Actor = SYSTEM,
    **rules: Any,
) -> Race:
    today = timezone.localdate()
    race = races.race_create(
        actor=actor,
        unit=unit,
        title=title,
        starts_on=today - dt.timedelta(days=days_before),
        ends_on=today + dt.timedelta(days=days_after),
        **{"bib_prefix": "XDK", "finisher_km": "10.00", **rules},
    )
    races.race_submit(actor=actor, race=race)
    return races.race_approve(actor=actor, race=race)


def register(race: Race, member: Member, *, actor: Actor = SYSTEM) -> Registration:
    return registrations.registration_create(actor=actor, race=race, member=member)


def upload(
    registration: Registration,
    data: bytes,
    *,
    name: str = "chay-sang.gpx",
    sport: str = "run",
    actor: Actor = SYSTEM,
) -> Activity:
    """Upload, then run the processing task at once (after commit, a worker
    would); the activity as stored after."""
    from lantoa.race.tasks import activity_process_task

    activity = activities.activity_upload(
        actor=actor,
        registration=registration,
        file=SimpleUploadedFile(name, data),
        sport=sport,
    )
    activity_process_task.call(activity_id=activity.pk)
    activity.refresh_from_db()
    return activity
