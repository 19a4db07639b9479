"""Keeping to the platforms' rate limits across every outbox worker.

A platform counts calls per sender (a Telegram bot, a Zalo app) and per
channel (`Limits.sender_rate`, `Limits.account_rate`). Workers count their
calls in Django's cache (Redis in production, so every process on every
machine shares the counters) in short aligned windows, and a call that would
go over waits for the next window instead of earning a 429.

A rate of `count` per `seconds` is kept as `count // (k + 1)` calls in each
window of `seconds / k`: any `seconds`-long stretch overlaps at most k + 1
windows, so the platform never sees more than `count` calls in it, however it
slides its own window (k = 5 when count allows, else one window of `seconds`).
With a local-memory cache (development, tests) each process counts alone.
On Redis a count is one command (`INCR`, and `EXPIRE` for a new window, in
one script): a call paced against two limits costs two round trips.
"""

import math
import random
import time
from collections.abc import Callable
from typing import cast

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache

SLICES = 5


def window_plan(count: int, seconds: float) -> tuple[float, int]:
    """The (window length, calls per window) that keep `count` per `seconds`."""
    if count >= SLICES + 1:
        return seconds / SLICES, count // (SLICES + 1)
    return seconds, max(1, count)


def pace_try(key: str, count: int, seconds: float, now: float | None = None) -> float:
    """Count one call against `key`; 0.0 when it may go now, else the seconds to
    wait before trying again (the call must not go; it counts only against
    a window already full)."""
    window, allowed = window_plan(count, seconds)
    now = time.time() if now is None else now
    index = math.floor(now / window)
    cache_key = f"pace:{key}:{window:g}:{index}"
    ttl = max(1, math.ceil(window * 2))
    used = _count(cache_key, ttl)
    if used <= allowed:
        return 0.0
    return (index + 1) * window - now


# One command: the counter and, when it is new, its time to live.
_COUNT_SCRIPT = (
    "local n = redis.call('INCR', KEYS[1]) "
    "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return n"
)


def _count(cache_key: str, ttl: int) -> int:
    """Add one to the window's counter (made with `ttl` seconds to live); its new value."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        key = backend.make_and_validate_key(cache_key)
        client = backend._cache.get_client(key, write=True)
        return int(cast(int, client.eval(_COUNT_SCRIPT, 1, key, ttl)))
    if cache.add(cache_key, 1, ttl):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, ttl)
        return 1


def pace_wait(
    key: str, count: int, seconds: float, *, sleep: Callable[[float], None] = time.sleep
) -> float:
    """Block until a call against `key` is within its rate; returns the seconds waited."""
    waited = 0.0
    while True:
        delay = pace_try(key, count, seconds)
        if delay <= 0:
            return waited
        # A little jitter so that the waiting threads do not all retry at once.
        pause = delay + random.uniform(0, min(0.05, delay))  # noqa: S311 - not security
        sleep(pause)
        waited += pause
