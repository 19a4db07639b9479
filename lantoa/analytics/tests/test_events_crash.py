"""Crash test of a real subscriber: a `db_worker` is killed while analytics
records a delivery that went out (`channels.post_delivered`), between the
event (committed) and the subscriber's own commit. Nothing is lost and
nothing is counted twice: the half-done work rolls back with the worker, the
sweep enqueues the delivery again, a new worker records it once, and the
refresh counts the delivery once.

The subscriber is held at work by a row of the test's own: an uncommitted
`ChangedMonth` for the same unit-month, which its insert waits for
(PostgreSQL's row locks; SQLite would block the whole database instead)."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lantoa.analytics.models import ChangedMonth, UnitMonthFacts
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.analytics.tests.factories import DeliveryFactory
from lantoa.channels.services.outbox import delivery_sent_announce
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import events
from lantoa.core.models import EventDelivery
from lantoa.core.testing import require_postgresql
from lantoa.core.testing_processes import kill, start_worker, wait_for, worker_env
from lantoa.org.tests.factories import OrgUnitFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
Status = EventDelivery.Status


class Rollback(Exception):
    pass


def _hold(unit_id, month, holding: threading.Event, release: threading.Event) -> None:
    """Insert the row the subscriber will insert, and keep it uncommitted."""
    try:
        with transaction.atomic():
            ChangedMonth.objects.create(unit_id=unit_id, month=month)
            holding.set()
            release.wait(120)
            raise Rollback
    except Rollback:
        pass
    finally:
        connection.close()


def _analytics_delivery() -> EventDelivery:
    close_old_connections()
    return EventDelivery.objects.get(subscriber="analytics.facts_follow")


@pytest.mark.postgres
def test_a_worker_killed_while_analytics_records_a_delivery_loses_nothing(settings, tmp_path):
    require_postgresql()
    settings.TASKS = DB_TASKS
    unit = OrgUnitFactory()
    analytics_refresh(full=True)
    delivery = DeliveryFactory(account=ChannelAccountFactory(unit=unit))
    month = timezone.localtime(delivery.sent_at).date().replace(day=1)
    holding, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(unit.pk, month, holding, release))
    holder.start()
    assert holding.wait(30)

    with transaction.atomic():
        delivery_sent_announce(delivery)
    recording = _analytics_delivery()
    env = worker_env()
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for(
            lambda: DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING,
                args_kwargs__kwargs__delivery_id=recording.pk,
            ).exists(),
            60,
            "the worker to start analytics' subscriber",
        )
        # The subscriber waits on the held row, inside its transaction: kill the worker.
        kill(worker)
    finally:
        kill(worker)
        release.set()
        holder.join(30)

    recording = _analytics_delivery()
    assert (recording.status, recording.attempts) == (Status.PENDING, 0), log.read_text()[-2000:]
    assert not ChangedMonth.objects.exists()

    assert events.events_redeliver(older_than_seconds=0) >= 1
    worker = start_worker(env, log)
    try:
        wait_for(lambda: _analytics_delivery().status == Status.DONE, 90, "analytics to record it")
        wait_for(
            lambda: not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists(),
            30,
            "the duplicate tasks to run",
        )
    finally:
        kill(worker)

    assert _analytics_delivery().attempts == 1
    assert list(ChangedMonth.objects.values_list("unit_id", "month")) == [(unit.pk, month)]
    assert analytics_refresh().dirty_units == 1
    assert UnitMonthFacts.objects.get(unit_id=unit.pk).deliveries_sent == 1
