"""Outbox workers: several of them, each sending concurrently, post each
delivery exactly once and keep to the platform's rate limits (real HTTP to
the Telegram fake, real threads with their own database connections)."""

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django_tasks_db.models import DBTaskResult

from devstack.fakes import FakeTelegram
from lantoa.channels.adapters.base import PublishResult
from lantoa.channels.choices import AttemptOutcome, DeliveryStatus
from lantoa.channels.events import POST_DELIVERED
from lantoa.channels.models import ChannelAccount, Delivery, DeliveryAttempt
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.dispatch import OutboxWorker, SentRecorder
from lantoa.channels.services.pacing import Plan, pace_try, window_plan
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import events
from lantoa.core.models import EventDelivery, StoredEvent
from lantoa.core.testing_processes import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

# What the sends start after commit (metrics pulls, event subscribers) waits in
# the task table for `db_worker`, as deployed, instead of running in these threads.
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BOTS = [f"{700000001 + n}:AAHfakeTokenForLantoaWorkerTests{n:04d}" for n in range(2)]


def _channels(unit, fake, count):
    accounts = []
    for n in range(count):
        chat_id = -1004000000000 - n
        fake.add_channel(chat_id, title=f"Kênh {n}")
        accounts.append(
            ChannelAccountFactory(
                unit=unit, external_id=str(chat_id), credentials={"bot_token": BOTS[n % 2]}
            )
        )
    return accounts


def _scheduled(settings, unit, officer, count):
    """`count` channels with a post scheduled on each, for the outbox workers."""
    settings.TASKS = DB_TASKS
    settings.LANTOA_OUTBOX_WORKERS = True
    accounts = ChannelAccountFactory.create_batch(count, unit=unit)
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    posts.post_schedule(actor=officer, post=post, accounts=accounts)
    return accounts, post


def _statuses(post):
    close_old_connections()
    return Counter(Delivery.objects.filter(post=post).values_list("status", flat=True))


def test_three_concurrent_workers_post_each_delivery_once(settings, unit, officer):
    settings.TASKS = DB_TASKS
    settings.LANTOA_OUTBOX_WORKERS = True
    settings.LANTOA_CHANNEL_BACKOFF_SECONDS = 0.05
    faults = {"latency_ms": 20, "error_rate": 0.1, "rate_limit_rate": 0.03, "seed": 7}
    # Telegram's limits, strictly: 30 messages per second per bot, 1 per second per chat.
    with FakeTelegram(faults=faults, per_bot_limit=(30, 1.0), per_chat_limit=(1, 1.0)) as fake:
        settings.LANTOA_CHANNEL_API_URLS = {
            **settings.LANTOA_CHANNEL_API_URLS,
            "telegram_channel": fake.base_url,
        }
        accounts = _channels(unit, fake, 90)
        post = posts.post_create(
            actor=officer, unit=unit, text="Tháng Công nhân", link="https://cd.example.vn/a"
        )
        deliveries = posts.post_schedule(actor=officer, post=post, accounts=accounts)
        workers = [OutboxWorker(concurrency=6, interval=0.02) for _ in range(3)]
        threads = [threading.Thread(target=w.run) for w in workers]
        for thread in threads:
            thread.start()
        try:
            wait_for(
                lambda: _statuses(post)[DeliveryStatus.SENT] == len(deliveries),
                120,
                "every delivery to be sent",
            )
        finally:
            for worker in workers:
                worker.stop()
            for thread in threads:
                thread.join(timeout=60)
        posted = Counter(p["text"].rsplit("lt=", 1)[1] for p in fake.posts.all())
        injected = dict(fake.faults.counts)
        flood_refusals = fake.flood_refusals
    close_old_connections()
    markers = set(Delivery.objects.filter(post=post).values_list("marker", flat=True))
    assert set(posted) == markers  # nothing lost
    assert set(posted.values()) == {1}  # nothing doubled
    assert flood_refusals == 0  # the workers kept to Telegram's limits between them
    # The injected 5xx and 429 were retried: one attempt per failure plus the one that went.
    attempts = Counter(DeliveryAttempt.objects.values_list("outcome", flat=True))
    assert attempts[AttemptOutcome.SENT] == len(markers)
    assert attempts[AttemptOutcome.TRANSIENT] == injected["error"] + injected["rate_limit"] > 0
    # Every worker took part and each delivery was claimed by exactly one of them.
    assert all(w.stats.claimed > 0 for w in workers)
    assert sum(w.stats.claimed for w in workers) == sum(attempts.values())


def test_batch_claims_never_overlap(settings, unit, officer):
    _scheduled(settings, unit, officer, 120)
    claimed: list[list[int]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def claimer(n: int) -> None:
        start.wait()
        misses = 0
        while misses < 3:
            try:
                batch = outbox.deliveries_claim_due(limit=7)
            except DatabaseError:  # SQLite: another writer held the lock; claimed nothing
                connection.close()
                continue
            misses = 0 if batch else misses + 1
            claimed[n] += [d.pk for d, _ in batch]
        connection.close()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    every = [pk for batch in claimed for pk in batch]
    assert len(every) == len(set(every)) == 120
    close_old_connections()
    assert set(Delivery.objects.values_list("status", "attempt_count")) == {
        (DeliveryStatus.SENDING, 1)
    }
    assert DeliveryAttempt.objects.filter(outcome=AttemptOutcome.PENDING).count() == 120


def test_pacing_keeps_any_sliding_second_within_the_rate():
    assert window_plan(30, 1.0) == Plan(spaced=False, interval_ms=200, allowed=4)
    assert window_plan(1, 1.0) == Plan(spaced=True, interval_ms=1200, allowed=1)
    key = f"test:{id(object())}"
    # 40 calls tried at once, 1 ms apart: 4 may go in this fifth of a second.
    start = 1_000_000.05  # within a window, 50 ms after it opened
    gone = [t for t in (start + i / 1000 for i in range(40)) if pace_try(key, 30, 1.0, t) == 0.0]
    assert len(gone) == 4
    # The next window opens at the next fifth of a second; the wait says so.
    assert pace_try(key, 30, 1.0, start + 0.1) == pytest.approx(0.05)
    assert pace_try(key, 30, 1.0, start + 0.2) == 0.0


def test_the_recorder_records_sent_deliveries_in_batches(settings, unit, officer):
    accounts, post = _scheduled(settings, unit, officer, 30)
    claimed = outbox.deliveries_claim_due(limit=30)
    assert len(claimed) == 30
    # One of them was announced before (by the safety net): it is not announced twice.
    outbox.delivery_sent_announce(claimed[0][0])
    before = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    recorder = SentRecorder(batch=100, linger=0.2)
    results: list[str] = []

    def send(n: int) -> None:
        delivery, attempt = claimed[n]
        sent = outbox.Sent(delivery, attempt, PublishResult(f"m{n}", f"https://t.me/c/{n}"))
        results.append(recorder.record(sent).status)
        connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorder.close()
    close_old_connections()
    assert results == [DeliveryStatus.SENT] * 30
    assert recorder.batches < 30  # gathered, not one transaction each
    rows = {d.pk: d for d in Delivery.objects.filter(post=post)}
    for n, (delivery, _attempt) in enumerate(claimed):
        assert rows[delivery.pk].status == DeliveryStatus.SENT
        assert rows[delivery.pk].external_id == f"m{n}"
        assert rows[delivery.pk].external_url == f"https://t.me/c/{n}"
        assert rows[delivery.pk].sent_at is not None
    assert set(DeliveryAttempt.objects.values_list("outcome", flat=True)) == {AttemptOutcome.SENT}
    assert all(
        a.last_success_at for a in ChannelAccount.objects.filter(pk__in=[a.pk for a in accounts])
    )
    stored = StoredEvent.objects.filter(name=POST_DELIVERED.name)
    assert stored.count() == 30
    subscribers = len(events.subscribers(POST_DELIVERED))
    assert subscribers > 0
    deliveries_of_events = EventDelivery.objects.filter(event__in=stored).count()
    assert deliveries_of_events == 30 * subscribers
    # Every event delivery (and each channel's first metrics pull) waits as a task row.
    tasks = Counter(DBTaskResult.objects.values_list("task_path", flat=True)) - before
    assert tasks == {
        "lantoa.core.events.event_deliver_task": 29 * subscribers,
        "lantoa.channels.tasks.account_metrics_pull_task": 30,
    }


def test_a_recorder_closed_records_what_waits():
    recorder = SentRecorder(batch=100, linger=30)
    started = threading.Event()
    failures: list[BaseException] = []

    def record() -> None:
        started.set()
        try:
            recorder.record(None)  # type: ignore[arg-type]  # not a delivery: the batch fails
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            failures.append(exc)

    thread = threading.Thread(target=record)
    thread.start()
    started.wait()
    recorder.close()  # does not wait the 30 s
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(failures) == 1  # the waiting thread hears of the failure, it does not hang
