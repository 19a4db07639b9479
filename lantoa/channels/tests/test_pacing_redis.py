"""Pacing on Redis, as deployed: one command per count, shared by every
process, and each window's counter expires."""

import uuid

import pytest

from lantoa.channels.services.pacing import pace_try, pace_try_all
from lantoa.core.testing import forget_redis_keys, redis_cache_client


@pytest.fixture
def redis_cache(settings):
    redis_cache_client()  # skips (locally) or fails (in CI) without Redis
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"lantoa-test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import caches

    backend = caches["default"]  # the Redis one, even if a test moves the cache elsewhere
    yield backend
    forget_redis_keys(backend)


def test_the_window_admits_its_calls_and_no_more(redis_cache):
    key = f"test:{uuid.uuid4().hex}"
    start = 1_000_000.05  # 50 ms into a window of a fifth of a second
    gone = [t for t in (start + i / 1000 for i in range(40)) if pace_try(key, 30, 1.0, t) == 0.0]
    assert len(gone) == 4
    assert pace_try(key, 30, 1.0, start + 0.1) == pytest.approx(0.05)
    # The counter is the cache's own value (read by any process), counts only
    # the calls that went, and expires.
    cache_key = f"pace:{key}:200:{int(start / 0.2)}"
    assert redis_cache.get(cache_key) == 4
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.pttl(redis_cache.make_key(cache_key)) <= 400
    # The next window starts from nothing.
    assert pace_try(key, 30, 1.0, start + 0.2) == 0.0


def test_one_per_second_is_spaced_across_processes(redis_cache):
    chat, bot = f"test:{uuid.uuid4().hex}", f"test:{uuid.uuid4().hex}"
    assert pace_try_all([(chat, 1, 1.0), (bot, 30, 1.0)], 1_000_000.99) == 0.0
    # 20 ms later, past a whole second: refused, and the bot's share is kept.
    assert pace_try_all([(chat, 1, 1.0), (bot, 30, 1.0)], 1_000_001.01) == pytest.approx(1.18)
    assert redis_cache.get(f"pace:{bot}:200:{int(1_000_001.01 / 0.2)}") is None
    assert pace_try_all([(chat, 1, 1.0), (bot, 30, 1.0)], 1_000_002.19) == 0.0
    assert redis_cache.get(f"pace:{bot}:200:{int(1_000_002.19 / 0.2)}") == 1


def test_redis_and_local_memory_pace_alike(redis_cache, settings):
    """The same calls, tried at the same moments, go or wait alike on both paths."""
    moments = [1_000_000.0 + n * 0.013 for n in range(200)]
    rates = [("chat", 1, 1.0), ("bot", 30, 1.0)]

    def run(prefix: str) -> list[float]:
        keyed = [(f"{prefix}:{k}", c, s) for k, c, s in rates]
        return [pace_try_all(keyed, t) for t in moments]

    on_redis = run(f"test:{uuid.uuid4().hex}")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert run(f"test:{uuid.uuid4().hex}") == on_redis
