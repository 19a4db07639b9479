"""Page-cache generations in Redis (production's cache): a publication handled
by one web process invalidates what the other processes cached."""

from django.core.cache import caches

from lantoa.newsroom import caching


def test_a_page_cache_generation_renewed_by_one_process_is_seen_by_the_other(
    redis_two_processes, monkeypatch
):
    first, second = redis_two_processes
    monkeypatch.setattr(caching, "cache", first)
    before = caching.current_generation()
    monkeypatch.setattr(caching, "cache", second)
    renewed = caching.bump_generation()
    monkeypatch.setattr(caching, "cache", first)
    assert caching.current_generation() == renewed > before
    assert caches["default"] is not first  # the test settings keep their own cache
