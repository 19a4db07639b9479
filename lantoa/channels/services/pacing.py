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
A count is `core.ratelimit.count_hit`: on Redis one command (`INCR`, and
`EXPIRE` for a new window, in one script), so a call paced against two limits
costs two round trips.
"""

import math
import random
import time
from collections.abc import Callable

from lantoa.core.ratelimit import count_hit

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
    used = count_hit(cache_key, ttl)
    if used <= allowed:
        return 0.0
    return (index + 1) * window - now


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
