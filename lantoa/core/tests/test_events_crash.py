"""Crash test of the event outbox: a real `db_worker` is killed while a
subscriber is at work, between the event (committed) and the subscriber's
own commit. Nothing is lost and nothing is counted twice: the subscriber's
half-done work rolls back with the worker, the delivery stays pending, the
sweep enqueues it again and a new worker completes every delivery once.

The subscriber is the development stack's probe (devstack/events.py): it
works for `hold_seconds`, then writes one audit entry naming the event.
"""

import pytest
from django.db import close_old_connections, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from devstack.choices import DevstackAction
from devstack.events import PROBE
from lantoa.core import events
from lantoa.core.models import AuditLogEntry, EventDelivery
from lantoa.core.testing_processes import kill, start_worker, wait_for, worker_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
Status = EventDelivery.Status


def _recorded() -> list[tuple[int, str]]:
    close_old_connections()
    return sorted(
        (entry.data["event"], entry.data["note"])
        for entry in AuditLogEntry.objects.filter(action=DevstackAction.PROBE_RECEIVED)
    )


def _statuses() -> dict[str, int]:
    close_old_connections()
    counts: dict[str, int] = {}
    for status in EventDelivery.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _a_delivery_is_running() -> bool:
    close_old_connections()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path="lantoa.core.events.event_deliver_task"
    ).exists()


def test_a_worker_killed_between_event_and_subscriber_loses_nothing(settings, tmp_path):
    settings.TASKS = DB_TASKS
    with transaction.atomic():
        announced = [events.announce(PROBE, note=f"tin {n}", hold_seconds=1.5).pk for n in range(3)]
    assert _statuses() == {Status.PENDING: 3}
    env = worker_env()
    log = tmp_path / "worker.log"

    worker = start_worker(env, log)
    try:
        wait_for(_a_delivery_is_running, 60, "a worker to start a subscriber")
        # The subscriber is at work inside its transaction: kill the worker.
        kill(worker)
    finally:
        kill(worker)
    # The killed subscriber's work rolled back; its delivery is still pending
    # and its task is gone for good (the queue shows it running forever).
    assert _recorded() == []
    assert _statuses() == {Status.PENDING: 3}, log.read_text()[-2000:]

    # The sweep enqueues every pending delivery again: duplicates of the
    # tasks still queued included, which find their delivery done.
    assert events.events_redeliver(older_than_seconds=0) == 3
    worker = start_worker(env, log)
    try:
        wait_for(lambda: _statuses() == {Status.DONE: 3}, 90, "every delivery to be done")
        wait_for(
            lambda: not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists(),
            30,
            "the duplicate tasks to run",
        )
    finally:
        kill(worker)

    assert _recorded() == [(pk, f"tin {n}") for n, pk in enumerate(announced)]
    # Each handler completed once (the killed attempt left no trace, not even a count).
    assert sorted(EventDelivery.objects.values_list("event_id", "attempts")) == [
        (pk, 1) for pk in announced
    ]
