"""Keeping to the platforms' rate limits across every outbox worker.

A platform counts calls per sender (a Telegram bot, a Zalo app) and per
channel (`Limits.sender_rate`, `Limits.account_rate`) over a sliding window.
Workers keep their shared pacing state in Django's cache (Redis in production,
so every process on every machine shares it), and a call that would go over
waits instead of earning a 429. Two plans, chosen by the rate:

- a small count (fewer than `SLICES + 1` per period, e.g. Telegram's one
  message per second per chat) is kept by spacing: each key holds the next
  time a call may go (a GCRA without burst), and an allowed call moves it on
  by `seconds * (1 + 1/SLICES) / count`. Two calls are never closer than
  that, so any `seconds`-long stretch holds at most `count` of them even when
  a call reaches the platform up to a fifth of the period later than another;
- a large count (e.g. 30 per second per bot) is counted in aligned windows of
  `seconds / SLICES`, `count // (SLICES + 2)` calls each: any `seconds`-long
  stretch overlaps at most `SLICES + 1` windows, and one window more is the
  margin for the time between the decision and the arrival at the platform.

`pace_try_all` checks every limit of a call at once and takes from all of
them only when all allow it (a call refused by the per-chat limit does not use
up its bot's share): on Redis one script, one round trip. With a local-memory
cache (development, tests) each process paces alone, under a process lock.
Times are whole milliseconds, the same on both paths.
"""

import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from redis.commands.core import Script

from lantoa.core.ratelimit import redis_for

SLICES = 5

Rate = tuple[str, int, float]
"""One limit of a call: (key, count, seconds)."""


@dataclass(frozen=True)
class Plan:
    """How one rate is kept: `spaced` (one call per `interval_ms`) or in
    windows of `interval_ms` with `allowed` calls each."""

    spaced: bool
    interval_ms: int
    allowed: int


def window_plan(count: int, seconds: float) -> Plan:
    """The plan that keeps `count` calls per `seconds` with a margin for jitter."""
    if count >= SLICES + 2:
        return Plan(False, max(1, round(seconds * 1000 / SLICES)), count // (SLICES + 2))
    spacing = seconds * 1000 * (SLICES + 1) / SLICES / max(1, count)
    return Plan(True, max(1, math.ceil(spacing)), 1)


@dataclass(frozen=True)
class _Step:
    cache_key: str
    plan: Plan
    ttl_ms: int
    window_end_ms: int


def _steps(rates: Sequence[Rate], now_ms: int) -> list[_Step]:
    steps = []
    for key, count, seconds in rates:
        plan = window_plan(count, seconds)
        if plan.spaced:
            steps.append(
                _Step(f"pace:{key}:next:{plan.interval_ms}", plan, plan.interval_ms * 2, 0)
            )
        else:
            index = now_ms // plan.interval_ms
            steps.append(
                _Step(
                    f"pace:{key}:{plan.interval_ms}:{index}",
                    plan,
                    plan.interval_ms * 2,
                    (index + 1) * plan.interval_ms,
                )
            )
    return steps


# KEYS: one per limit. ARGV: now (ms), then per limit: "s" (spaced) or "w"
# (window), the interval (ms), the calls allowed per window, the window's end
# (ms), the key's time to live (ms). Returns the milliseconds to wait (0: go,
# and every limit took the call).
_PACE_ALL = Script(
    None,  # type: ignore[arg-type]  # the client is given at each call
    b"""
local now = tonumber(ARGV[1])
local wait = 0
local values = {}
for i = 1, #KEYS do
    local base = 1 + (i - 1) * 5
    local value = tonumber(redis.call('GET', KEYS[i]) or '0')
    values[i] = value
    if ARGV[base + 1] == 's' then
        if value > now and value - now > wait then wait = value - now end
    elseif value >= tonumber(ARGV[base + 3]) then
        local left = tonumber(ARGV[base + 4]) - now
        if left > wait then wait = left end
    end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
    local base = 1 + (i - 1) * 5
    if ARGV[base + 1] == 's' then
        local next = math.max(values[i], now) + tonumber(ARGV[base + 2])
        redis.call('SET', KEYS[i], string.format('%d', next), 'PX', ARGV[base + 5])
    elseif redis.call('INCR', KEYS[i]) == 1 then
        redis.call('PEXPIRE', KEYS[i], ARGV[base + 5])
    end
end
return 0
""",
)

_local_lock = threading.Lock()


def _try_local(steps: list[_Step], now_ms: int) -> int:
    with _local_lock:
        values = cache.get_many([s.cache_key for s in steps])
        wait = 0
        for step in steps:
            value = int(values.get(step.cache_key, 0))
            if step.plan.spaced:
                wait = max(wait, value - now_ms)
            elif value >= step.plan.allowed:
                wait = max(wait, step.window_end_ms - now_ms)
        if wait > 0:
            return wait
        for step in steps:
            value = int(values.get(step.cache_key, 0))
            new = max(value, now_ms) + step.plan.interval_ms if step.plan.spaced else value + 1
            cache.set(step.cache_key, new, step.ttl_ms / 1000)
        return 0


def pace_try_all(rates: Sequence[Rate], now: float | None = None) -> float:
    """Take one call from each of `rates` if all allow it now: 0.0, the call
    may go. Else the seconds to wait before trying again (nothing was taken)."""
    if not rates:
        return 0.0
    now_ms = math.floor((time.time() if now is None else now) * 1000)
    steps = _steps(rates, now_ms)
    if redis := redis_for([s.cache_key for s in steps]):
        names, client = redis
        args: list[str | int] = [now_ms]
        for step in steps:
            args += [
                "s" if step.plan.spaced else "w",
                step.plan.interval_ms,
                step.plan.allowed,
                step.window_end_ms,
                step.ttl_ms,
            ]
        wait_ms = int(_PACE_ALL(keys=names, args=args, client=client))
    else:
        wait_ms = _try_local(steps, now_ms)
    return wait_ms / 1000


def pace_try(key: str, count: int, seconds: float, now: float | None = None) -> float:
    """`pace_try_all` for a call under one limit."""
    return pace_try_all([(key, count, seconds)], now)


def pace_wait_all(rates: Sequence[Rate], *, sleep: Callable[[float], None] = time.sleep) -> float:
    """Block until a call is within all of `rates` (and take it from each);
    returns the seconds waited."""
    waited = 0.0
    while True:
        delay = pace_try_all(rates)
        if delay <= 0:
            return waited
        # A little jitter so that the waiting threads do not all retry at once.
        pause = delay + random.uniform(0, min(0.05, delay))  # noqa: S311 - not security
        sleep(pause)
        waited += pause


def pace_wait(
    key: str, count: int, seconds: float, *, sleep: Callable[[float], None] = time.sleep
) -> float:
    """`pace_wait_all` for a call under one limit."""
    return pace_wait_all([(key, count, seconds)], sleep=sleep)
