"""The buffered write queue's drain: records leave the queue only after
their commit, and only while the drain still holds the lock."""

import uuid

import pytest

from lantoa.core import write_queue
from lantoa.core.testing import redis_cache_client

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def keys():
    redis_cache_client()  # skips (locally) or fails (in CI) without Redis
    client = write_queue.redis_client(REDIS_URL)
    prefix = f"lantoa-test-{uuid.uuid4().hex}"
    yield client, f"{prefix}:queue", f"{prefix}:lock"
    client.delete(f"{prefix}:queue", f"{prefix}:lock")


def test_records_are_stored_in_batches_then_trimmed(keys):
    client, key, lock = keys
    client.rpush(key, *[str(n) for n in range(5)])
    batches = []
    moved = write_queue.drain(client, key=key, lock=lock, store=batches.append, batch=2)
    assert moved == 5
    assert batches == [[b"0", b"1"], [b"2", b"3"], [b"4"]]
    assert client.llen(key) == 0
    assert not client.exists(lock)


def test_a_failed_store_trims_nothing(keys):
    client, key, lock = keys
    client.rpush(key, "a", "b")

    def fails(records):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_queue.drain(client, key=key, lock=lock, store=fails)
    assert client.lrange(key, 0, -1) == [b"a", b"b"]
    assert not client.exists(lock)


def test_a_drain_that_lost_its_lock_trims_nothing(keys):
    """Its lock expired during a long batch and another drain took it: the
    records stay for that drain (stored twice is harmless under the unique
    key; trimmed unstored would be lost)."""
    client, key, lock = keys
    client.rpush(key, "a", "b")

    def slow(records):
        client.set(lock, "another drain")

    assert write_queue.drain(client, key=key, lock=lock, store=slow) == 0
    assert client.llen(key) == 2
    assert client.get(lock) == b"another drain"  # not released by the first drain


def test_a_busy_drain_is_waited_for_then_refused(keys):
    client, key, lock = keys
    client.rpush(key, "a")
    client.set(lock, "another drain")
    assert write_queue.drain(client, key=key, lock=lock, store=list) == 0
    with pytest.raises(write_queue.DrainBusy):
        write_queue.drain(client, key=key, lock=lock, store=list, wait=0.1)
    assert client.llen(key) == 1
