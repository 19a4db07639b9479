"""The rate limit and a shared counter in one round trip on Redis (a Lua
script), with the same answers as the add/incr path of other cache backends.
Runs against the real Redis at 127.0.0.1:6379 (CI has one)."""

from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from lantoa.core import ratelimit
from lantoa.core.testing import forget_redis_keys, redis_cache_client


@pytest.fixture
def redis_cache() -> Iterator[RedisCache]:
    cache = redis_cache_client()  # skips (locally) or fails (in CI) without Redis
    yield cache
    forget_redis_keys(cache)


def _hits(
    cache: Any, monkeypatch: pytest.MonkeyPatch, clients: list[str]
) -> list[ratelimit.CountedHit]:
    monkeypatch.setattr(ratelimit, "cache", cache)
    return [
        ratelimit.rate_limited_and_counted(
            "test", client, "2/60", counter="votes:photo", counter_ttl=120, over=3
        )
        for client in clients
    ]


def _answers(hits: list[ratelimit.CountedHit]) -> list[tuple[bool, int, bool]]:
    return [(h.limited, h.count, h.first_over) for h in hits]


def test_one_round_trip_on_redis_answers_as_the_add_incr_path(
    redis_cache: RedisCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients = ["a", "a", "a", "b", "c", "c", "d"]
    on_redis = _hits(redis_cache, monkeypatch, clients)
    expected = [
        (False, 1, False),
        (False, 2, False),
        (True, 0, False),  # a's third hit in the window: limited, not counted
        (False, 3, False),
        (False, 4, True),  # the first past 3 claims it
        (False, 5, False),
        (False, 6, False),
    ]
    assert _answers(on_redis) == expected
    assert _answers(_hits(LocMemCache("counted-hit", {}), monkeypatch, clients)) == expected
    client = redis_cache._cache.get_client(write=True)
    assert 0 < cast(int, client.ttl(redis_cache.make_and_validate_key("votes:photo"))) <= 120
    assert 0 < cast(int, client.ttl(redis_cache.make_and_validate_key("ratelimit:test:a"))) <= 60
    assert redis_cache.get("votes:photo") == 6


def test_a_hit_taken_back_gives_its_claim_to_the_next(
    redis_cache: RedisCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _hits(redis_cache, monkeypatch, ["a", "b", "c", "d"])
    assert _answers(first)[-1] == (False, 4, True)
    ratelimit.uncount(first[-1])
    assert redis_cache.get("votes:photo") == 3
    (again,) = _hits(redis_cache, monkeypatch, ["e"])
    assert (again.count, again.first_over) == (4, True)
    (later,) = _hits(redis_cache, monkeypatch, ["f"])
    assert (later.count, later.first_over) == (5, False)
