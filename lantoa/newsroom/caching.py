"""Whole-response cache of the public pages, invalidated per site.

Anonymous GET/HEAD requests of Wagtail pages are answered from Django's cache
(Redis in production) without routing or a single database query. Each entry
records when it was rendered and which *generations* it depends on; a
generation is a timestamp kept in the cache and renewed when something the
page shows changes. An entry is served only while none of its generations is
newer than its rendering:

* every page depends on the *global* generation, renewed by rare structural
  changes (a page moved, renamed or deleted, a links snippet or a view
  restriction changed), which may alter links on any site;
* a page of a unit's site also depends on that *site's* generation, renewed
  when a page of the site or of a site below it is published or unpublished:
  a home shows the latest articles of its whole subtree, so a publication in a
  grassroots site invalidates that site and its ancestors, not the 300 others.
  A section shows articles cross-listed from other sites, so those sites'
  sections count too (`invalidate_page`);
* pages that list articles from every site (topic hubs, search over all
  sites) depend on the *any* generation, renewed by every publication.

Last-Modified is the moment of rendering; the ETag is a hash of the body. The
same generations key the per-site fragment caches of `selectors` ("Mới nhất",
"Các tin khác", the section menu), so an uncached render of a page reuses the
lists until the next publication in that site.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from lantoa.core.i18n import request_language

GENERATION_KEY = "newsroom:generation"
ANY_PUBLICATION_KEY = "newsroom:generation:any"
_SITE_KEY = "newsroom:generation:site:{}"
# Generations and render times are wall-clock nanoseconds, possibly from
# different servers: an entry rendered less than this after a renewal is
# treated as stale, so a clock skew below it cannot keep a stale page.
CLOCK_SKEW_NS = 1_000_000_000
_CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
_SCOPE_ATTR = "_newsroom_cache_scope"
_PAGE_ATTR = "_newsroom_cache_page"
_STORE_ATTR = "_newsroom_cache_store"
# Headers a hit must not replay: per-response or recomputed.
_NOT_REPLAYED = frozenset({"content-length", "date", "x-lantoa-cache", "set-cookie"})


def site_key(home_id: int) -> str:
    return _SITE_KEY.format(home_id)


def generations(keys: Iterable[str], *, since: int | None = None) -> dict[str, int]:
    """Current values of the given generations.

    A missing site (or "any") generation has never been renewed since the
    global one was set, so it takes the global value. A missing global
    generation (first use, or evicted) starts now, which makes every cached
    entry stale; or, with `since`, just before that moment, so that a page
    whose rendering starts at `since` can be kept.
    """
    keys = list(keys)
    wanted = keys if GENERATION_KEY in keys else [*keys, GENERATION_KEY]
    values: dict[str, int] = cache.get_many(wanted)
    if values.get(GENERATION_KEY) is None:
        start = time.time_ns() if since is None else since - CLOCK_SKEW_NS
        cache.add(GENERATION_KEY, start, None)
        values[GENERATION_KEY] = cache.get(GENERATION_KEY, start)
    missing = [k for k in keys if values.get(k) is None]
    if missing:
        for k in missing:
            cache.add(k, values[GENERATION_KEY], None)
        values.update(cache.get_many(missing))
    return {k: values[k] for k in keys}


def current_generation() -> int:
    """The global generation (ns since the epoch); created on first use."""
    return generations([GENERATION_KEY])[GENERATION_KEY]


def site_generation(home_id: int) -> str:
    """A token for fragment caches of a site: changes with its or the global generation."""
    keys = [GENERATION_KEY, site_key(home_id)]
    values = generations(keys)
    return f"{values[keys[0]]}.{values[keys[1]]}"


def bump_generation() -> int:
    """Invalidate every cached public page (structural changes)."""
    value = time.time_ns()
    cache.set(GENERATION_KEY, value, None)
    return value


def bump_sites(home_ids: Iterable[int]) -> None:
    """Invalidate the pages of these sites and those listing every site."""
    value = time.time_ns()
    entries = {site_key(pk): value for pk in home_ids}
    entries[ANY_PUBLICATION_KEY] = value
    cache.set_many(entries, None)


def invalidate_page(page: Any) -> None:
    """After a page was published or unpublished: its site and the sites above it.

    An article cross-listed in sections of other sites shows there too, so
    those sites and their ancestors are renewed as well.
    """
    from wagtail.models import Page

    from lantoa.newsroom.models import ArticlePage, SectionListing, UnitSiteHome
    from lantoa.newsroom.selectors import ancestor_paths
    from lantoa.org.scoping import path_prefixes

    paths = set(ancestor_paths(page))
    if isinstance(page, ArticlePage) and page.pk:
        listed = SectionListing.objects.filter(article_id=page.pk)
        for section_path in listed.values_list("section__path", flat=True):
            paths.update(path_prefixes(section_path, steplen=Page.steplen))
    bump_sites(UnitSiteHome.objects.filter(path__in=paths).values_list("pk", flat=True))


def invalidate_sections(sections: Iterable[Any]) -> None:
    """After a listing changed: the sites holding these sections and those above."""
    from wagtail.models import Page

    from lantoa.newsroom.models import UnitSiteHome
    from lantoa.org.scoping import path_prefixes

    paths = {p for s in sections for p in path_prefixes(s.path, steplen=Page.steplen)}
    bump_sites(UnitSiteHome.objects.filter(path__in=paths).values_list("pk", flat=True))


# ---- what a rendered page depends on -------------------------------------------


def depends_on_page(request: HttpRequest, page: Any) -> None:
    """Called before a page is served (Wagtail hook): its site is resolved after rendering."""
    setattr(request, _PAGE_ATTR, page)


def depends_on_every_site(request: HttpRequest) -> None:
    """The response lists articles of every site (topic hub, search everywhere)."""
    setattr(request, _SCOPE_ATTR, [GENERATION_KEY, ANY_PUBLICATION_KEY])


def _dependencies(request: HttpRequest) -> list[str]:
    scope: list[str] | None = getattr(request, _SCOPE_ATTR, None)
    if scope is not None:
        return scope
    page = getattr(request, _PAGE_ATTR, None)
    if page is None:
        return [GENERATION_KEY, ANY_PUBLICATION_KEY]
    from lantoa.newsroom.models import TopicHub
    from lantoa.newsroom.selectors import site_home_for

    home = None if isinstance(page, TopicHub) else site_home_for(page)  # memoised by rendering
    if home is None:
        return [GENERATION_KEY, ANY_PUBLICATION_KEY]
    return [GENERATION_KEY, site_key(home.pk)]


# ---- serving ---------------------------------------------------------------------


def _timeout() -> int:
    return int(getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 300))


def _bypass(request: HttpRequest) -> bool:
    """Editors, previews and anyone with a session see fresh pages."""
    if request.method not in ("GET", "HEAD") or _timeout() <= 0:
        return True
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _key(request: HttpRequest) -> str:
    day = timezone.localdate().isoformat()  # the date line changes at midnight
    language = request_language(request)
    raw = f"{request.get_host()}|{request.get_full_path()}|{language}|{day}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"newsroom:page:{digest}"


# What each cached page depends on, as this process last saw it. A hit then
# reads the entry and those generations in one `get_many`: with Redis, one
# network round trip instead of two (the dependencies are known only once the
# entry is read). Bounded; forgetting only costs the second round trip.
_KNOWN_DEPENDENCIES: dict[str, list[str]] = {}
_KNOWN_LIMIT = 100_000


def _remember_dependencies(key: str, depends_on: list[str]) -> None:
    if len(_KNOWN_DEPENDENCIES) >= _KNOWN_LIMIT:
        _KNOWN_DEPENDENCIES.clear()
    _KNOWN_DEPENDENCIES[key] = depends_on


def _fresh_entry(key: str) -> dict[str, Any] | None:
    """The entry cached under `key`, if none of its generations is newer."""
    values: dict[str, Any] = cache.get_many([key, *_KNOWN_DEPENDENCIES.get(key, ())])
    entry: dict[str, Any] | None = values.pop(key, None)
    if entry is None:
        return None
    depends_on: list[str] = entry["depends_on"]
    if any(values.get(k) is None for k in depends_on):
        # Not predicted here yet, or a generation never set: `generations`
        # reads them (and starts a missing one as its rules say).
        values = generations(depends_on)
        _remember_dependencies(key, depends_on)
    if all(values[k] + CLOCK_SKEW_NS <= entry["rendered_at"] for k in depends_on):
        return entry
    return None


def _from_cache(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    if conditional is not None:
        return conditional
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for header, value in entry["headers"].items():
        response[header] = value
    response["Content-Length"] = str(len(entry["content"]))  # keep-alive, not chunked
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
    """Call `view` and mark a cacheable answer for `PageCacheMiddleware` to keep
    (the middleware answers hits before this view is reached)."""
    if _bypass(request):
        response = _rendered(view(request))
        if request.method in ("GET", "HEAD"):
            response.setdefault("Cache-Control", "private, no-cache")
        return response
    rendered_at = time.time_ns()  # before any query: a publication after it makes it stale
    generations([GENERATION_KEY], since=rendered_at)
    response = _rendered(view(request))
    if not _cacheable(response):
        return response
    assert isinstance(response, HttpResponse)  # noqa: S101 — streaming ruled out above
    depends_on = _dependencies(request)
    etag = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    last_modified = rendered_at // 1_000_000_000
    max_age = min(_timeout(), 60)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={max_age}"
    patch_vary_headers(response, ["Cookie"])
    entry = {
        "content": response.content,
        "content_type": response["Content-Type"],
        "etag": etag,
        "last_modified": last_modified,
        "rendered_at": rendered_at,
        "depends_on": depends_on,
    }
    setattr(request, _STORE_ATTR, (_key(request), entry))  # stored by PageCacheMiddleware
    response["X-Lantoa-Cache"] = "miss"
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    return conditional if conditional is not None else response


class PageCacheMiddleware:
    """Answer cached public pages before the rest of the middleware stack.

    Placed right after WhiteNoise: a hit costs one cache read (`_fresh_entry`) and no session,
    CSRF, authentication, messages, routing or view code, which is what makes
    cached pages nearly as cheap as static files. On a miss, `serve_cached`
    renders the page and marks it; on the way out this middleware stores it
    with the headers that every inner middleware added (X-Frame-Options,
    Content-Language, Vary …), so a hit answers exactly what a miss did.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _bypass(request):
            try:
                key = _key(request)
            except DisallowedHost:
                key = ""
            entry = _fresh_entry(key) if key else None
            if entry is not None:
                return _from_cache(request, entry)
        response = self.get_response(request)
        pending: tuple[str, dict[str, Any]] | None = getattr(request, _STORE_ATTR, None)
        if pending is not None and response.status_code == 200 and not response.cookies:
            key, entry = pending
            entry["headers"] = {h: v for h, v in response.items() if h.lower() not in _NOT_REPLAYED}
            cache.set(key, entry, _timeout())
            _remember_dependencies(key, entry["depends_on"])
        return response
