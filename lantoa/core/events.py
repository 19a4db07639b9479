"""Domain events between apps: how a lower app tells higher ones what happened
(docs/subsystems/events.md; the catalogue is in docs/architecture.md).

Downward, apps call each other's services. Upward they cannot (a lower app
never imports a higher one), so the lower app *announces* a fact and the
higher apps *subscribe* to it:

- an app defines each event once, in its `events.py`, with `define()`: a
  name (`<app>.<fact>`), a Vietnamese label and what its payload holds;
- another app subscribes in `AppConfig.ready()` with `subscribe()`, under a
  name that is also the system actor its handler acts as;
- `announce()`, inside the writer's transaction, stores one event row and one
  delivery row per subscriber (a transactional outbox); after commit each
  delivery becomes a task;
- the task locks the delivery, skips it if it is done, runs the handler and
  marks the delivery done in the same transaction: what a handler writes to
  the database happens once, however often the task runs. A handler that
  talks to the outside world must itself be idempotent on the event id
  (better: it enqueues its own task, as the channel outbox does);
- a delivery whose worker died stays pending; the periodic sweep
  (`core.events_redeliver`) enqueues it again. A handler that raises is
  retried with backoff, then marked failed.

An event may carry a `key` naming the fact ("inbound_message:42:edit:3"):
the same name and key are stored once, so a safety-net sweep may announce
again what might have been missed without anyone hearing it twice.
Subscribers run in no particular order; each sees the payload as announced.
"""

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from lantoa.core.actors import SystemActor, system_actor
from lantoa.core.db import enqueue_together
from lantoa.core.models import EventDelivery, StoredEvent

logger = logging.getLogger(__name__)

REDELIVER_AFTER_SECONDS = 300
"""A pending delivery enqueued this long ago is presumed lost with its worker."""
MAX_ATTEMPTS = 8
"""A handler that raised this many times is marked failed (and logged)."""
PRUNE_AFTER_DAYS = 30
"""Events whose deliveries are all done are deleted after this many days."""
REDELIVER_JOB = system_actor("core.events_redeliver", _("Giao lại sự kiện còn chờ xử lý"))
"""The periodic job that re-enqueues lost deliveries and prunes old events."""


@dataclass(frozen=True)
class EventType:
    """A kind of fact an app announces: defined once, with `define()`."""

    name: str
    label: str | Promise
    payload: Mapping[str, str]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Event:
    """One announced fact, as a subscriber's handler receives it."""

    id: int
    name: str
    key: str
    payload: dict[str, Any]
    created_at: datetime


Handler = Callable[[Event, SystemActor], None]


@dataclass(frozen=True)
class Subscriber:
    event: EventType
    name: str
    handler: Handler = field(compare=False)
    actor: SystemActor = field(compare=False)


_TYPES: dict[str, EventType] = {}
_SUBSCRIBERS: dict[str, dict[str, Subscriber]] = {}


def define(name: str, *, label: str | Promise, payload: Mapping[str, str]) -> EventType:
    """Define the event `name` ("<app>.<fact>"); `payload` maps each field to
    what it holds. Defining a name twice is refused."""
    app, _dot, fact = name.partition(".")
    if not app or not fact:
        raise ValueError(f"event name {name!r} is not '<app>.<fact>'")
    if name in _TYPES:
        raise ValueError(f"event {name!r} is already defined")
    event = EventType(name, label, dict(payload))
    _TYPES[name] = event
    return event


def subscribe(event: EventType, handler: Handler, *, name: str, label: str | Promise) -> Subscriber:
    """Run `handler(event, actor)` once for every `event` announced from now on.

    `name` ("<app>.<duty>") identifies the subscriber in stored deliveries and
    is the name of the system actor the handler acts as (`label` is that
    actor's Vietnamese label). Call from `AppConfig.ready()`.
    """
    if _TYPES.get(event.name) is not event:
        raise ValueError(f"event {event.name!r} was not defined with define()")
    known = _SUBSCRIBERS.setdefault(event.name, {})
    if name in known:
        raise ValueError(f"{name!r} already subscribes to {event.name!r}")
    subscriber = Subscriber(event, name, handler, system_actor(name, label))
    known[name] = subscriber
    return subscriber


def unsubscribe(event: EventType, *, name: str) -> None:
    """Forget a subscriber (tests that subscribe a handler of their own)."""
    _SUBSCRIBERS.get(event.name, {}).pop(name, None)


def subscribers(event: EventType) -> list[Subscriber]:
    """Who hears `event`, by name."""
    return sorted(_SUBSCRIBERS.get(event.name, {}).values(), key=lambda s: s.name)


def catalogue() -> list[tuple[EventType, list[Subscriber]]]:
    """Every defined event with its subscribers, by name."""
    return [
        (event, sorted(_SUBSCRIBERS.get(name, {}).values(), key=lambda s: s.name))
        for name, event in sorted(_TYPES.items())
    ]


# -- announcing (inside the writer's transaction) ------------------------------------


def _check_payload(event: EventType, payload: Mapping[str, Any]) -> None:
    expected = set(event.payload)
    if set(payload) != expected:
        raise ValueError(f"{event.name} carries {sorted(expected)}, not {sorted(payload)}")


def announce(event: EventType, *, key: str = "", **payload: Any) -> StoredEvent | None:
    """Store `event` with `payload` in the current transaction, and one delivery
    per subscriber; each delivery is enqueued after commit. Returns the stored
    event, or None when nobody subscribes or the keyed fact was announced before.
    """
    _check_payload(event, payload)
    subscribers = sorted(_SUBSCRIBERS.get(event.name, {}))
    if not subscribers:
        return None
    now = timezone.now()
    # Within the caller's transaction no savepoint of its own (an error here
    # fails the caller's work anyway); only the keyed insert below has one.
    with transaction.atomic(savepoint=False):
        if key:
            try:
                with transaction.atomic():
                    stored = StoredEvent.objects.create(name=event.name, key=key, payload=payload)
            except IntegrityError:
                return None  # this fact was announced before: its subscribers heard it
        else:
            stored = StoredEvent.objects.create(name=event.name, payload=payload)
        deliveries = EventDelivery.objects.bulk_create(
            EventDelivery(event=stored, subscriber=name, enqueued_at=now) for name in subscribers
        )
        _enqueue_on_commit([d.pk for d in deliveries])
    return stored


def announce_many(
    event: EventType, facts: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[StoredEvent]:
    """`announce` for many keyed facts (key, payload) in the current
    transaction: those not announced before are stored with one INSERT, their
    deliveries with another, and all the deliveries are enqueued together
    (one INSERT on the database task backend) after commit. Returns the
    events stored."""
    for key, payload in facts:
        if not key:
            raise ValueError(f"{event.name}: announce_many takes keyed facts only")
        _check_payload(event, payload)
    subscribers = sorted(_SUBSCRIBERS.get(event.name, {}))
    if not subscribers or not facts:
        return []
    payloads = dict(facts)
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        fresh = unannounced(event, payloads)
        try:
            with transaction.atomic():
                stored = StoredEvent.objects.bulk_create(
                    StoredEvent(name=event.name, key=key, payload=dict(payloads[key]))
                    for key in fresh
                )
        except IntegrityError:
            # Another process announced one of them meanwhile: one by one.
            return [
                announced
                for key in fresh
                if (announced := announce(event, key=key, **payloads[key])) is not None
            ]
        deliveries = EventDelivery.objects.bulk_create(
            EventDelivery(event=e, subscriber=name, enqueued_at=now)
            for e in stored
            for name in subscribers
        )
        calls = [(event_deliver_task, {"delivery_id": d.pk}) for d in deliveries]
        # A failure to enqueue leaves the deliveries pending for the sweep
        # (`events_redeliver`); it must not fail the recorded work after commit.
        transaction.on_commit(partial(enqueue_together, calls), robust=True)
    return stored


def unannounced(event: EventType, keys: Iterable[str]) -> list[str]:
    """Those of `keys` not yet stored for `event`, in the order given: what a
    safety-net sweep still has to announce (one query per thousand keys)."""
    wanted = list(dict.fromkeys(keys))
    stored: set[str] = set()
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        stored.update(
            StoredEvent.objects.filter(name=event.name, key__in=chunk).values_list("key", flat=True)
        )
    return [key for key in wanted if key not in stored]


def reannounce(event: EventType, facts: Mapping[str, Mapping[str, Any]]) -> int:
    """The safety net of a keyed event: announce those of `facts` (key →
    payload) not stored yet, each in its own transaction. Facts already
    announced cost one query per thousand. Returns how many were announced."""
    announced = 0
    for key in unannounced(event, facts):
        with transaction.atomic():
            if announce(event, key=key, **facts[key]) is not None:
                announced += 1
    return announced


def _enqueue_on_commit(delivery_ids: Iterable[int]) -> None:
    for delivery_id in delivery_ids:
        transaction.on_commit(partial(event_deliver_task.enqueue, delivery_id=delivery_id))


# -- delivering (the worker) ------------------------------------------------------------


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def event_delivery_run(*, delivery_id: int) -> bool:
    """Run one subscriber's handler for one event, at most once to completion:
    the delivery row is locked, a done one is skipped, and the handler's writes
    commit together with "done". True when the handler ran and committed."""
    with transaction.atomic():
        delivery = (
            EventDelivery.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != EventDelivery.Status.PENDING:
            return False
        stored = delivery.event
        subscriber = _SUBSCRIBERS.get(stored.name, {}).get(delivery.subscriber)
        now = timezone.now()
        if subscriber is None:
            delivery.status = EventDelivery.Status.FAILED
            delivery.last_error = "no such subscriber (removed from the code?)"
            delivery.save(update_fields=["status", "last_error"])
            logger.error("event %s: no subscriber %s", stored, delivery.subscriber)
            return False
        event = Event(stored.pk, stored.name, stored.key, stored.payload, stored.created_at)
        delivery.attempts += 1
        try:
            with transaction.atomic():
                subscriber.handler(event, subscriber.actor)
        except Exception as exc:  # recorded and retried; one bad handler stops nothing else
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = EventDelivery.Status.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + _retry_delay(delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.exception("event %s: subscriber %s failed", stored, delivery.subscriber)
            return False
        delivery.status = EventDelivery.Status.DONE
        delivery.done_at = now
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "status", "done_at", "next_attempt_at"])
    return True


def events_redeliver(
    *, older_than_seconds: float = REDELIVER_AFTER_SECONDS, limit: int = 1000
) -> int:
    """Enqueue again the pending deliveries a dead worker left (enqueued longer
    ago than `older_than_seconds`) and those whose retry time has come.
    Enqueuing one twice is harmless: the second run finds it done."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    with transaction.atomic():
        due = list(
            EventDelivery.objects.filter(status=EventDelivery.Status.PENDING)
            .filter(
                Q(next_attempt_at__lte=now)
                | Q(next_attempt_at__isnull=True, enqueued_at__lte=cutoff)
            )
            .order_by("enqueued_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        EventDelivery.objects.filter(pk__in=due).update(enqueued_at=now, next_attempt_at=None)
        _enqueue_on_commit(due)
    return len(due)


def events_prune(*, older_than_days: int = PRUNE_AFTER_DAYS) -> int:
    """Delete events older than `older_than_days` whose deliveries are all done."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = StoredEvent.objects.filter(created_at__lt=cutoff).exclude(
        deliveries__status__in=[EventDelivery.Status.PENDING, EventDelivery.Status.FAILED]
    )
    _, deleted = StoredEvent.objects.filter(pk__in=old.values("pk")[:10_000]).delete()
    return deleted.get(StoredEvent._meta.label, 0)


@task()
def event_deliver_task(*, delivery_id: int) -> bool:
    return event_delivery_run(delivery_id=delivery_id)


@task()
def events_sweep_task() -> int:
    events_prune()
    return events_redeliver()
