"""Fixed-window rate limits for public endpoints (forms, votes, webhooks).

Counters live in Django's cache (Redis in production), so a limit holds across
web processes. A rate is written "count/seconds", e.g. "5/600".
"""

from django.core.cache import cache
from django.http import HttpRequest


def parse_rate(rate: str, *, default_window: int = 60) -> tuple[int, int]:
    count_text, _, seconds_text = rate.partition("/")
    return int(count_text), int(seconds_text or default_window)


def rate_limited(scope: str, client_key: str, rate: str) -> bool:
    """Count one hit of `client_key` in `scope`; True once over `rate`."""
    limit, window = parse_rate(rate)
    key = f"ratelimit:{scope}:{client_key}"
    if cache.add(key, 1, window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        count = 1
    return count > limit


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR as set by the server; a proxy in front must pass the real
    # address through (e.g. gunicorn's --forwarded-allow-ips).
    return str(request.META.get("REMOTE_ADDR") or "unknown")
