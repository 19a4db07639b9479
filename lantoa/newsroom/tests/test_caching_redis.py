"""Page-cache generations in Redis (production's cache): a publication handled
by one web process invalidates what the other processes cached."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from lantoa.core.testing import forget_redis_keys, redis_cache_client
from lantoa.newsroom import caching


@pytest.fixture
def two_processes():
    first = redis_cache_client()
    second = RedisCache(first._servers[0], {"KEY_PREFIX": first.key_prefix})
    yield first, second
    forget_redis_keys(first)


def test_a_page_cache_generation_renewed_by_one_process_is_seen_by_the_other(
    two_processes, monkeypatch
):
    first, second = two_processes
    monkeypatch.setattr(caching, "cache", first)
    before = caching.current_generation()
    monkeypatch.setattr(caching, "cache", second)
    renewed = caching.bump_generation()
    monkeypatch.setattr(caching, "cache", first)
    assert caching.current_generation() == renewed > before
    assert caches["default"] is not first  # the test settings keep their own cache
