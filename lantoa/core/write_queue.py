"""Buffered writes: "store first, process after" (docs/architecture.md).

A hot path that must not wait on the database (a short-link click, a public
vote in a burst) pushes its record onto a Redis list; a drain, run
periodically, moves the records into the database in batches. Each record
carries its own unique key and the drain inserts under that key's unique
constraint, ignoring conflicts, so the queue is crash-safe:

- a batch is read (`LRANGE`), stored in one durable transaction, and only
  then trimmed from the queue (`LTRIM`): a drain that dies before its commit
  loses nothing, one that dies after its commit leaves records that the next
  drain reads again and stores nothing twice;
- one drain at a time (a Redis lock with a token); a drain trims only while
  it still holds the lock, so a second drain that took over an expired lock
  never has records trimmed under it before they are stored.
"""

import secrets
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction

DRAIN_BATCH = 2000
LOCK_SECONDS = 300


class DrainBusy(RuntimeError):
    """Another drain held the lock for longer than the caller would wait."""


@cache
def redis_client(url: str) -> Any:
    """One client (and connection pool) per Redis URL and process."""
    import redis

    return redis.Redis.from_url(url)


def queue_client(setting: str) -> Any:
    """The Redis client of the queue that the setting `setting` names (a
    Redis URL), or None when the setting is empty (writes go straight to
    the database)."""
    url = getattr(settings, setting, "")
    return redis_client(url) if url else None


# KEYS: lock, queue; ARGV: token, how many records to trim, lock seconds.
# Trim only while this drain still holds the lock, and hold it longer.
_TRIM = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('LTRIM', KEYS[2], tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""

# KEYS: lock; ARGV: token. Release the lock only if it is still ours.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def drain(
    client: Any,
    *,
    key: str,
    lock: str,
    store: Callable[[list[bytes]], object],
    batch: int = DRAIN_BATCH,
    wait: float = 0.0,
) -> int:
    """Move the records queued under `key` into the database with
    `store(records)`, `batch` at a time; returns how many were read.

    Stops after a batch that was not full: every record queued before the
    drain's last read is stored. `store` runs in a durable transaction (never inside a caller's one: the
    records leave the queue right after its commit) and must insert under a
    unique key, ignoring conflicts. When another drain holds `lock`, returns
    0 at once, or with `wait` > 0 waits up to that many seconds for it to
    finish and then drains what is left (DrainBusy if it does not finish)."""
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    while not client.set(lock, token, nx=True, ex=LOCK_SECONDS):
        if time.monotonic() >= deadline:
            if wait > 0:
                raise DrainBusy(key)
            return 0
        time.sleep(0.05)
    moved = 0
    try:
        while True:
            records = client.lrange(key, 0, batch - 1)
            if not records:
                break
            with transaction.atomic(durable=True):
                store(records)
            if not client.eval(_TRIM, 2, lock, key, token, len(records), LOCK_SECONDS):
                break  # the lock expired and another drain took over
            moved += len(records)
            if len(records) < batch:
                # All that was queued when this batch was read is stored; what
                # came since waits for the next drain rather than being chased
                # in batches of a few records.
                break
    finally:
        client.eval(_RELEASE, 1, lock, token)
    return moved
