"""The event outbox in one process: subscribers run once each, after commit,
never on rollback; replays, retries and the sweep count nothing twice."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, transaction
from django.utils import timezone

from devstack.choices import DevstackAction
from lantoa.core import events
from lantoa.core.actors import SystemActor
from lantoa.core.audit import audit_record
from lantoa.core.models import AuditLogEntry, EventDelivery, StoredEvent
from lantoa.core.testing import require_postgresql

THING = events.define(
    "test.thing_happened",
    label="Một việc đã xảy ra (kiểm thử)",
    payload={"thing_id": "the thing's id"},
)
Status = EventDelivery.Status


class Recorder:
    """Two subscribers that write one audit entry each, as a real one would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, dict, str]] = []
        self.fail_next = 0

    def handler(self, name: str):
        def handle(event: events.Event, actor: SystemActor) -> None:
            self.calls.append((name, event.id, event.payload, actor.name))
            audit_record(
                actor=actor, action=DevstackAction.PROBE_RECEIVED, data={"event": event.id}
            )
            if self.fail_next:
                self.fail_next -= 1
                raise RuntimeError("the platform is down")

        return handle


@pytest.fixture
def recorder():
    recorder = Recorder()
    for name in ("test.first", "test.second"):
        events.subscribe(THING, recorder.handler(name), name=name, label=f"Kiểm thử {name}")
    yield recorder
    for name in ("test.first", "test.second"):
        events.unsubscribe(THING, name=name)


def _entries() -> list[tuple[str, int]]:
    return sorted(
        (e.actor_name, e.data["event"])
        for e in AuditLogEntry.objects.filter(action=DevstackAction.PROBE_RECEIVED)
    )


@pytest.mark.django_db
def test_each_subscriber_runs_once_after_commit(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        stored = events.announce(THING, thing_id=7)
        assert recorder.calls == []  # nothing runs before the writer commits
    assert len(callbacks) == 2
    assert sorted(recorder.calls) == [
        ("test.first", stored.pk, {"thing_id": 7}, "test.first"),
        ("test.second", stored.pk, {"thing_id": 7}, "test.second"),
    ]
    assert StoredEvent.objects.get().name == "test.thing_happened"
    assert sorted(EventDelivery.objects.values_list("subscriber", "status", "attempts")) == [
        ("test.first", Status.DONE, 1),
        ("test.second", Status.DONE, 1),
    ]
    assert _entries() == [("test.first", stored.pk), ("test.second", stored.pk)]


@pytest.mark.django_db
def test_nothing_is_stored_or_run_on_rollback(recorder, django_capture_on_commit_callbacks):
    def write_then_fail() -> None:
        with transaction.atomic():
            events.announce(THING, thing_id=7)
            raise ZeroDivisionError  # the writer fails after announcing

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
    ):
        write_then_fail()
    assert callbacks == []
    assert recorder.calls == []
    assert StoredEvent.objects.count() == 0
    assert EventDelivery.objects.count() == 0


@pytest.mark.django_db
def test_a_replayed_delivery_is_not_counted_twice(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = events.announce(THING, thing_id=7)
    first = EventDelivery.objects.get(subscriber="test.first")
    # The same task again (a duplicate in the queue, a sweep that raced the worker).
    assert events.event_delivery_run(delivery_id=first.pk) is False
    events.event_deliver_task.enqueue(delivery_id=first.pk)
    assert [c[0] for c in recorder.calls].count("test.first") == 1
    assert _entries() == [("test.first", stored.pk), ("test.second", stored.pk)]


@pytest.mark.django_db
def test_a_fact_announced_again_by_key_is_heard_once(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = events.announce(THING, key="thing:7", thing_id=7)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = events.announce(THING, key="thing:7", thing_id=7)
    assert again is None
    assert callbacks == []
    assert len(recorder.calls) == 2
    assert StoredEvent.objects.get().pk == stored.pk
    # Without a key each announcement is a fact of its own.
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(THING, thing_id=7)
    assert StoredEvent.objects.count() == 2
    assert len(recorder.calls) == 4


@pytest.mark.django_db
def test_a_failing_handler_is_retried_and_its_writes_roll_back(
    recorder, django_capture_on_commit_callbacks
):
    recorder.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        stored = events.announce(THING, thing_id=7)
    failed = EventDelivery.objects.get(status=Status.PENDING)
    assert failed.attempts == 1
    assert failed.last_error == "RuntimeError: the platform is down"
    assert failed.next_attempt_at > timezone.now()
    # The handler's audit entry went with its failure; the other subscriber's stayed.
    assert len(_entries()) == 1
    # Not due yet: the sweep leaves it alone.
    assert events.events_redeliver() == 0
    EventDelivery.objects.filter(pk=failed.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert events.events_redeliver() == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (
        Status.DONE,
        2,
        "RuntimeError: the platform is down",
    )
    assert _entries() == [("test.first", stored.pk), ("test.second", stored.pk)]


@pytest.mark.django_db
def test_a_handler_that_keeps_failing_is_marked_failed(
    recorder, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(events, "MAX_ATTEMPTS", 2)
    recorder.fail_next = 4
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(THING, thing_id=7)
    EventDelivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        events.events_redeliver()
    assert sorted(EventDelivery.objects.values_list("status", "attempts")) == [
        (Status.FAILED, 2),
        (Status.FAILED, 2),
    ]
    assert _entries() == []
    assert events.events_redeliver(older_than_seconds=0) == 0


@pytest.mark.django_db
def test_the_sweep_redelivers_only_what_was_left_pending(
    recorder, django_capture_on_commit_callbacks
):
    # Announced, committed, but the tasks were lost (the queue died with the worker).
    stored = events.announce(THING, thing_id=7)
    assert recorder.calls == []
    assert events.events_redeliver() == 0  # too recent to presume lost
    EventDelivery.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert events.events_redeliver() == 2
    assert _entries() == [("test.first", stored.pk), ("test.second", stored.pk)]
    assert events.events_redeliver(older_than_seconds=0) == 0


@pytest.mark.django_db
def test_prune_keeps_what_is_not_done(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = events.announce(THING, thing_id=1)
    pending = events.announce(THING, thing_id=2)
    StoredEvent.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    assert events.events_prune() == 1
    assert list(StoredEvent.objects.values_list("pk", flat=True)) == [pending.pk]
    assert not EventDelivery.objects.filter(event_id=done.pk).exists()


@pytest.mark.django_db
def test_announce_checks_the_payload_and_skips_an_event_nobody_hears(recorder):
    with pytest.raises(ValueError, match="carries"):
        events.announce(THING, thing=7)
    for name in ("test.first", "test.second"):
        events.unsubscribe(THING, name=name)
    assert events.announce(THING, thing_id=7) is None
    assert StoredEvent.objects.count() == 0


def test_definitions_and_subscriptions_are_checked():
    with pytest.raises(ValueError, match="already defined"):
        events.define("test.thing_happened", label="x", payload={})
    with pytest.raises(ValueError, match="is not"):
        events.define("thing", label="x", payload={})
    stray = events.EventType("test.stray", "x", {})
    with pytest.raises(ValueError, match="was not defined"):
        events.subscribe(stray, lambda e, a: None, name="test.x", label="x")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_delivery_run_the_handler_once(settings):
    """Two workers take the same delivery at once (the task and a sweep's
    copy): the row lock lets one run it, the other finds it done."""
    require_postgresql()
    # Enqueued tasks wait in the database queue: the two threads are the workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    calls: list[int] = []
    gate = threading.Barrier(2)

    def slow(event: events.Event, actor: SystemActor) -> None:
        calls.append(event.id)
        audit_record(actor=actor, action=DevstackAction.PROBE_RECEIVED, data={"event": event.id})
        threading.Event().wait(0.3)

    events.subscribe(THING, slow, name="test.slow", label="Kiểm thử chậm")
    try:
        stored = events.announce(THING, thing_id=7)
        delivery_id = EventDelivery.objects.get().pk
        results: list[bool] = []

        def worker() -> None:
            try:
                gate.wait()
                results.append(events.event_delivery_run(delivery_id=delivery_id))
            finally:
                close_old_connections()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        events.unsubscribe(THING, name="test.slow")
    assert sorted(results) == [False, True]
    assert calls == [stored.pk]
    assert _entries() == [("test.slow", stored.pk)]


@pytest.mark.django_db
def test_facts_announced_together_are_each_heard_once(recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(THING, key="thing:1", thing_id=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        stored = events.announce_many(THING, [(f"thing:{n}", {"thing_id": n}) for n in (1, 2, 3)])
        assert len(recorder.calls) == 2  # thing:1's: nothing runs before the writer commits
    # thing:1 was heard before; the two new facts reach both subscribers, enqueued together.
    assert [e.key for e in stored] == ["thing:2", "thing:3"]
    assert len(callbacks) == 1
    assert sorted((c[0], c[2]["thing_id"]) for c in recorder.calls[2:]) == [
        ("test.first", 2),
        ("test.first", 3),
        ("test.second", 2),
        ("test.second", 3),
    ]
    assert StoredEvent.objects.count() == 3
    assert set(EventDelivery.objects.values_list("status", flat=True)) == {Status.DONE}
    with pytest.raises(ValueError, match="keyed"):
        events.announce_many(THING, [("", {"thing_id": 4})])
    with pytest.raises(ValueError, match="carries"):
        events.announce_many(THING, [("thing:4", {"other": 4})])
