"""Whole-response cache of the public pages, emptied on every publication.

Anonymous GET/HEAD requests of Wagtail pages are answered from Django's cache
(Redis in production) without routing or a single database query. Every key
carries a *generation*, a timestamp stored in the cache and renewed whenever a
page is published, unpublished, moved or deleted, or a links snippet changes;
so a publication invalidates every cached page at once (a home page shows the
latest articles of its subtree, so "just the page" would not be enough). The
generation also serves as Last-Modified; the ETag is a hash of the body.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

GENERATION_KEY = "newsroom:generation"
_CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")


def current_generation() -> int:
    """The current generation (ns since the epoch); created on first use."""
    value: int | None = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump_generation() -> int:
    """Invalidate every cached public page (called after publish/unpublish…)."""
    value = time.time_ns()
    cache.set(GENERATION_KEY, value, None)
    return value


def _timeout() -> int:
    return int(getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 300))


def _bypass(request: HttpRequest) -> bool:
    """Editors, previews and anyone with a session see fresh pages."""
    if request.method not in ("GET", "HEAD") or _timeout() <= 0:
        return True
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _key(request: HttpRequest, generation: int) -> str:
    day = timezone.localdate().isoformat()  # the date line changes at midnight
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    raw = f"{request.get_host()}|{request.get_full_path()}|{language}|{day}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"newsroom:page:{generation}:{digest}"


def _from_cache(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    if conditional is not None:
        return conditional
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for header, value in entry["headers"].items():
        response[header] = value
    response["X-Lantoa-Cache"] = "hit"
    return response


def _cacheable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith(_CACHEABLE_TYPES)
    )


def _rendered(response: HttpResponseBase) -> HttpResponseBase:
    """Render a TemplateResponse now, inside the caller's language override."""
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


def serve_cached(
    request: HttpRequest, view: Callable[[HttpRequest], HttpResponseBase]
) -> HttpResponseBase:
    """Answer from the page cache, or call `view` and keep a cacheable answer."""
    if _bypass(request):
        response = _rendered(view(request))
        if request.method in ("GET", "HEAD"):
            response.setdefault("Cache-Control", "private, no-cache")
        return response
    generation = current_generation()
    key = _key(request, generation)
    entry = cache.get(key)
    if entry is not None:
        return _from_cache(request, entry)
    response = _rendered(view(request))
    if not _cacheable(response):
        return response
    assert isinstance(response, HttpResponse)  # noqa: S101 — streaming ruled out above
    etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    last_modified = generation // 1_000_000_000
    max_age = min(_timeout(), 60)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={max_age}"
    patch_vary_headers(response, ["Cookie"])
    headers = {
        h: response[h] for h in ("ETag", "Last-Modified", "Cache-Control", "Vary") if h in response
    }
    cache.set(
        key,
        {
            "content": response.content,
            "content_type": response["Content-Type"],
            "headers": headers,
            "etag": etag,
            "last_modified": last_modified,
        },
        _timeout(),
    )
    response["X-Lantoa-Cache"] = "miss"
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    return conditional if conditional is not None else response
