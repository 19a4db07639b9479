"""The outbox worker: deliveries claimed in batches, sent concurrently.

`manage.py outbox_worker --concurrency N` runs one `OutboxWorker`: a claim
loop and N sending threads. The exactly-once rules are the outbox's own
(services/outbox.py): a delivery is claimed — marked "sending" with its open
attempt committed — in one transaction for a whole batch (`SKIP LOCKED`, so
workers never claim the same row), and only then does a thread call the
platform and record the outcome. A worker killed mid-call leaves its claimed
deliveries "sending"; the stale sweep settles them (reconciled by marker where
the platform can be searched, "uncertain" otherwise), never resent blindly.

The sending threads hold no database connection: every database step of a
send (recording its outcome above all) runs on a few recording threads
(`db_connections`), and the accepted calls are recorded in batches by one
more (`SentRecorder`), so a worker with 64 calls in flight uses 6 connections.

What bounds the calls: at most N in flight per process, at most
`Limits.max_in_flight` per platform, and the platforms' published rates per
sender and per channel shared by every process through the cache
(services/pacing.py). The claim takes no more deliveries than there are free
threads, so nothing waits "sending" in a local queue.

A database that goes away (restart, failover) interrupts neither the claim
loop nor the recording of an outcome: both retry on a fresh connection, so a
post the platform accepted is recorded as sent once the database is back.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from django.db import close_old_connections, connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError

from lantoa.channels.adapters.base import Account, Adapter, PostContent
from lantoa.channels.models import Delivery, DeliveryAttempt
from lantoa.channels.services import outbox
from lantoa.channels.services.pacing import Rate, pace_wait_all

logger = logging.getLogger(__name__)

T = TypeVar("T")

DB_RETRY_SECONDS = 120.0
"""How long a worker keeps retrying a database that went away."""

SWEEP_EVERY_SECONDS = 30.0
"""How often a worker settles deliveries left "sending" by a dead worker."""


def with_database_retry(
    call: Callable[[], T],
    *,
    give_up_after: float = DB_RETRY_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`call()`, again on a fresh connection while the database is unreachable."""
    deadline = time.monotonic() + give_up_after
    pause = 0.1
    while True:
        try:
            return call()
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("database unavailable; retrying in %.1fs", pause, exc_info=True)
            connection.close()
            sleep(pause)
            pause = min(2.0, pause * 2)


@dataclass
class WorkerStats:
    claimed: int = 0
    sent: int = 0
    other: int = 0
    paced_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, status: str, paced: float) -> None:
        with self.lock:
            if status == "sent":
                self.sent += 1
            else:
                self.other += 1
            self.paced_seconds += paced


class SentRecorder:
    """One thread that records the deliveries a worker's threads sent, in
    batches: up to `batch` at a time, gathered for at most `linger` seconds
    after the first (`outbox.deliveries_record_sent`, one transaction each).

    A sending thread hands its accepted call over with `record` and waits
    until it is committed, so a delivery counts as done only once recorded.
    A worker killed before the commit leaves the batch's deliveries
    "sending" with their attempts open, exactly as a kill after the call
    does: the stale sweep settles them, nothing is resent blindly. `close`
    records what is waiting, then stops."""

    def __init__(self, *, batch: int = 100, linger: float = 0.05) -> None:
        self.batch = max(1, batch)
        self.linger = linger
        self.batches = 0
        self._queue: queue.SimpleQueue[tuple[outbox.Sent, Future[Delivery]] | None] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._run, name="outbox-record", daemon=True)
        self._thread.start()

    def record(self, sent: outbox.Sent) -> Delivery:
        future: Future[Delivery] = Future()
        self._queue.put((sent, future))
        return future.result()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            stopping = False
            while not stopping:
                first = self._queue.get()
                if first is None:
                    break
                batch = [first]
                deadline = time.monotonic() + self.linger
                while len(batch) < self.batch:
                    left = deadline - time.monotonic()
                    try:
                        item = (
                            self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
                        )
                    except queue.Empty:
                        break
                    if item is None:
                        stopping = True
                        break
                    batch.append(item)
                self._flush(batch)
        finally:
            connection.close()

    def _flush(self, batch: list[tuple[outbox.Sent, "Future[Delivery]"]]) -> None:
        self.batches += 1
        try:
            recorded = with_database_retry(
                partial(outbox.deliveries_record_sent, [sent for sent, _ in batch])
            )
        except DatabaseError:
            # One bad row must not keep the others unrecorded: each on its own.
            logger.warning("recording a batch failed; recording one by one", exc_info=True)
            connection.close()
            for sent, future in batch:
                try:
                    future.set_result(
                        with_database_retry(partial(outbox.deliveries_record_sent, [sent]))[0]
                    )
                except Exception as exc:  # noqa: BLE001 - the waiting sending thread raises it
                    future.set_exception(exc)
            return
        except Exception as exc:  # noqa: BLE001 - the waiting sending threads raise it
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), delivery in zip(batch, recorded, strict=True):
            future.set_result(delivery)


class OutboxWorker:
    def __init__(
        self,
        *,
        concurrency: int = 16,
        interval: float = 0.2,
        min_batch: int | None = None,
        db_connections: int = 4,
        record_batch: int = 100,
        record_linger: float = 0.05,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.interval = interval
        # Claim when at least this many threads are free: fewer, larger claims.
        self.min_batch = min_batch or max(1, self.concurrency // 4)
        self.running = True
        self.stats = WorkerStats()
        self._in_flight = 0
        self._in_flight_lock = threading.Lock()
        self._idle = threading.Condition(self._in_flight_lock)
        self._platform_slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="outbox")
        self._recorder_count = max(1, min(db_connections, self.concurrency))
        self._recorders = ThreadPoolExecutor(self._recorder_count, thread_name_prefix="outbox-db")
        self._recorder = SentRecorder(batch=record_batch, linger=record_linger)
        self._last_sweep = 0.0

    # -- the loop ------------------------------------------------------------

    def run(self, *, until_idle: bool = False) -> WorkerStats:
        """Claim and send until `stop()` (or, with `until_idle`, until nothing is
        due and nothing is in flight)."""
        try:
            while self.running:
                close_old_connections()
                self._sweep_if_due()
                claimed = self.claim_once()
                if claimed:
                    continue
                if until_idle and self.in_flight() == 0:
                    claimed = self.claim_once()
                    if not claimed and self.in_flight() == 0:
                        break
                    continue
                time.sleep(self.interval)
        finally:
            self.drain()
        return self.stats

    def stop(self) -> None:
        self.running = False

    def drain(self) -> None:
        """Wait for the calls in flight to be recorded, then release the threads."""
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0)
        self._pool.shutdown(wait=True)
        self._recorder.close()
        # Each recording thread closes its own connection (the barrier puts one job on each).
        barrier = threading.Barrier(self._recorder_count)

        def close_own() -> None:
            barrier.wait(timeout=30)
            connection.close()

        for _ in range(self._recorder_count):
            self._recorders.submit(close_own)
        self._recorders.shutdown(wait=True)
        close_old_connections()

    def in_flight(self) -> int:
        with self._in_flight_lock:
            return self._in_flight

    def claim_once(self) -> int:
        """Claim as many due deliveries as there are free threads (at least
        `min_batch` free, else wait for some) and hand them to the threads."""
        free = self.concurrency - self.in_flight()
        if free < min(self.min_batch, self.concurrency):
            with self._idle:
                self._idle.wait(timeout=self.interval)
            return 0
        try:
            claimed = with_database_retry(lambda: outbox.deliveries_claim_due(limit=free))
        except DatabaseError:
            # SQLite refuses a second writer ("database is locked"): nothing was claimed.
            logger.warning("claim refused; trying again", exc_info=True)
            connection.close()
            return 0
        if not claimed:
            return 0
        content: dict[int, PostContent] = {}
        for delivery, attempt in claimed:
            if delivery.post_id not in content:
                post = delivery.post
                content[delivery.post_id] = with_database_retry(partial(outbox.post_content, post))
            with self._in_flight_lock:
                self._in_flight += 1
            self.stats.claimed += 1
            future = self._pool.submit(self._send, delivery, attempt, content.get(delivery.post_id))
            future.add_done_callback(self._done)
        return len(claimed)

    def _done(self, future: "Future[None]") -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()
        if future.exception() is not None:
            logger.error("outbox send crashed", exc_info=future.exception())

    def _sweep_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_EVERY_SECONDS:
            return
        self._last_sweep = now
        with_database_retry(outbox.deliveries_recover_stale)

    # -- one delivery ------------------------------------------------------------

    def _on_db_thread(self, call: Callable[[], T]) -> T:
        return self._recorders.submit(with_database_retry, call).result()

    def _slots(self, adapter: Adapter) -> threading.BoundedSemaphore:
        with self._slots_lock:
            slots = self._platform_slots.get(adapter.platform)
            if slots is None:
                slots = threading.BoundedSemaphore(adapter.limits.max_in_flight)
                self._platform_slots[adapter.platform] = slots
            return slots

    def _send(
        self, delivery: Delivery, attempt: DeliveryAttempt, content: PostContent | None
    ) -> None:
        paced = 0.0
        held: list[threading.BoundedSemaphore] = []

        def before_call(adapter: Adapter, account: Account) -> None:
            nonlocal paced
            slots = self._slots(adapter)
            slots.acquire()
            held.append(slots)
            limits = adapter.limits
            rates: list[Rate] = []
            if limits.account_rate:
                rates.append(
                    (f"{adapter.platform}:account:{account.external_id}", *limits.account_rate)
                )
            if limits.sender_rate:
                rates.append(
                    (
                        f"{adapter.platform}:sender:{adapter.sender_key(account)}",
                        *limits.sender_rate,
                    )
                )
            paced += pace_wait_all(rates)

        try:
            result = outbox.delivery_send_claimed(
                delivery,
                attempt,
                content=content,
                before_call=before_call,
                db=self._on_db_thread,
                record_sent=self._recorder.record,
            )
        finally:
            for slots in held:
                slots.release()
        self.stats.count(result.status, paced)
