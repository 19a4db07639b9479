"""Production keeps its cache in Redis (`CACHE_URL=rediscache://…`, docs/deploy.md):
rate limits and page-cache generations must hold across processes. Runs against
the real Redis at 127.0.0.1:6379 (CI has one); skips locally without it."""

from lantoa.core import ratelimit


def test_the_redis_client_is_installed_and_the_url_scheme_parses():
    import environ

    config = environ.Env.cache_url_config("rediscache://127.0.0.1:6379/1")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    import redis  # the client Django's RedisCache needs: a declared dependency

    assert redis.__version__


def test_a_rate_limit_counts_across_processes(redis_two_processes, monkeypatch):
    first, second = redis_two_processes
    for n, cache in enumerate([first, second, first, second, first]):
        monkeypatch.setattr(ratelimit, "cache", cache)
        assert ratelimit.rate_limited("test", "203.0.113.9", "4/60") is (n >= 4)
    monkeypatch.setattr(ratelimit, "cache", second)
    assert ratelimit.rate_limited("test", "203.0.113.10", "4/60") is False
