"""Pacing on Redis, as deployed: one command per count, shared by every
process, and each window's counter expires."""

import uuid

import pytest

from lantoa.channels.services.pacing import pace_try
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
    from django.core.cache import cache

    yield cache
    forget_redis_keys(cache)


def test_the_window_admits_its_calls_and_no_more(redis_cache):
    key = f"test:{uuid.uuid4().hex}"
    start = 1_000_000.05  # 50 ms into a window of a fifth of a second
    gone = [t for t in (start + i / 1000 for i in range(40)) if pace_try(key, 30, 1.0, t) == 0.0]
    assert len(gone) == 5
    assert pace_try(key, 30, 1.0, start + 0.1) == pytest.approx(0.05)
    # The counter is the cache's own value (read by any process) and it expires.
    cache_key = f"pace:{key}:0.2:{int(start / 0.2)}"
    assert redis_cache.get(cache_key) == 41
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_key(cache_key)) <= 1
    # The next window starts from nothing.
    assert pace_try(key, 30, 1.0, start + 0.2) == 0.0
