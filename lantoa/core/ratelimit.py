"""Fixed-window rate limits for public endpoints (forms, votes, webhooks).

Counters live in Django's cache (Redis in production), so a limit holds across
web processes. A rate is written "count/seconds", e.g. "5/600".
"""

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from redis.commands.core import Script


def parse_rate(rate: str, *, default_window: int = 60) -> tuple[int, int]:
    count_text, _, seconds_text = rate.partition("/")
    return int(count_text), int(seconds_text or default_window)


def rate_limited(scope: str, client_key: str, rate: str) -> bool:
    """Count one hit of `client_key` in `scope`; True once over `rate`."""
    limit, window = parse_rate(rate)
    return count_hit(f"ratelimit:{scope}:{client_key}", window) > limit


def redis_for(keys: list[str]) -> tuple[list[str], Any] | None:
    """When the cache is Redis: the cache's own names for `keys` and the
    client that holds the first of them (the others live beside it)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    names = [backend.make_and_validate_key(k) for k in keys]
    return names, backend._cache.get_client(names[0], write=True)


# One command: the counter and, when it is new, its time to live (sent by its
# digest, EVALSHA, once Redis knows it).
_INCR = Script(
    None,  # type: ignore[arg-type]  # the client is given at each call
    b"local n = redis.call('INCR', KEYS[1]) "
    b"if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    b"return n",
)


def count_hit(key: str, ttl: int) -> int:
    """One more in the shared counter `key` (kept `ttl` seconds from its
    first hit); its new value. One round trip on Redis, the cache's add/incr
    elsewhere."""
    if redis := redis_for([key]):
        (name,), client = redis
        return int(_INCR(keys=[name], args=[ttl], client=client))
    if cache.add(key, 1, ttl):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl)
        return 1


@dataclass(frozen=True)
class CountedHit:
    """One hit of a client under its rate limit, counted (when not limited)
    in a shared per-window counter: `count` is the counter after the hit,
    `first_over` whether this hit is the one that claimed "the counter passed
    `over`" for the counter's window (at most one live claim per window)."""

    limited: bool
    counter: str = ""
    count: int = 0
    first_over: bool = False


def counted_hit_lua(*, then_count: str = "", then_return: str = "") -> bytes:
    """The Lua steps of `rate_limited_and_counted`, for a script that does
    more in the same round trip: `then_count` runs once the client is not
    limited (it may `return` to stop there), `then_return` after the count.
    KEYS: rate key, counter key, claim key; ARGV: limit, window, counter
    ttl, over. Returns {limited, count, first_over}."""
    return f"""
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if hits > tonumber(ARGV[1]) then return {{1, 0, 0}} end
{then_count}
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
local first_over = 0
if count > tonumber(ARGV[4]) and redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[3]) then
    first_over = 1
end
{then_return}
return {{0, count, first_over}}
""".encode()


# The same steps as the add/incr path below, in one round trip.
_COUNTED_HIT = Script(None, counted_hit_lua())  # type: ignore[arg-type]  # client given per call


def _claim_key(counter: str) -> str:
    return f"{counter}:over"


def rate_limited_and_counted(
    scope: str, client_key: str, rate: str, *, counter: str, counter_ttl: int, over: int
) -> CountedHit:
    """`rate_limited`, then (when not limited) one more in `counter` (kept
    `counter_ttl` seconds from its first hit) and the claim of the first hit
    past `over`. On Redis one round trip (a Lua script); on other cache
    backends the cache's add/incr."""
    limit, window = parse_rate(rate)
    key = f"ratelimit:{scope}:{client_key}"
    if redis := redis_for([key, counter, _claim_key(counter)]):
        names, client = redis
        limited, count, first_over = _COUNTED_HIT(
            keys=names, args=[limit, window, counter_ttl, over], client=client
        )
        return CountedHit(bool(limited), counter, int(count), bool(first_over))
    if rate_limited(scope, client_key, rate):
        return CountedHit(limited=True)
    count = count_hit(counter, counter_ttl)
    first_over = count > over and cache.add(_claim_key(counter), 1, counter_ttl)
    return CountedHit(False, counter, count, first_over)


def uncount(hit: CountedHit) -> None:
    """Take back a counted hit whose action did not happen (and its claim,
    so that a later hit past the mark claims it)."""
    if hit.limited:
        return
    with suppress(ValueError):  # expired meanwhile
        cache.decr(hit.counter)
    if hit.first_over:
        cache.delete(_claim_key(hit.counter))


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR as set by the server; a proxy in front must pass the real
    # address through (e.g. gunicorn's --forwarded-allow-ips).
    return str(request.META.get("REMOTE_ADDR") or "unknown")
