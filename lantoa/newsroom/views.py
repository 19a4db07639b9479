"""Public views of the newsroom: cached page serving, search, feedback, robots."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import Page as Page_
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from lantoa.core.exceptions import InvalidInput
from lantoa.core.public_urls import absolute_url, public_base_url
from lantoa.core.ratelimit import client_address
from lantoa.newsroom import caching
from lantoa.newsroom.forms import FeedbackForm
from lantoa.newsroom.models import ArticlePage, UnitSiteHome
from lantoa.newsroom.selectors import (
    SEARCH_CANDIDATES,
    search_articles,
    site_chrome,
    site_home_for,
)
from lantoa.newsroom.services import feedback_rate_limited, feedback_submit

SEARCH_PAGE_SIZE = 10
RATE_LIMIT_MESSAGE = (
    "Bạn đã gửi quá nhiều phản hồi trong thời gian ngắn. Vui lòng thử lại sau ít phút."
)


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Wagtail's page serving behind the whole-response page cache.

    The language is the reader's choice (lantoa/core/i18n.py): Vietnamese
    whatever the browser asks for, English after the switch in the footer.
    """
    return caching.serve_cached(request, lambda req: _serve_page(req, path))


def _serve_page(request: HttpRequest, path: str) -> HttpResponseBase:
    # Wagtail looks the Site and its root page up on every request (two
    # queries); they seldom change, so they come from the cache, renewed with
    # the root site's generation (a Site change renews every generation).
    site = _cached_site(request)
    if site is not None:
        request._wagtail_site = site  # type: ignore[attr-defined]
    return wagtail_views.serve(request, path)


SITE_SECONDS = 300


def _cached_site(request: HttpRequest) -> Site | None:
    key = f"newsroom:site:{request._get_raw_host()}:{request.get_port()}"  # type: ignore[attr-defined]
    entry: tuple[Site, str] | None = cache.get(key)
    if entry is not None and entry[1] == caching.site_generation(entry[0].root_page_id):
        return entry[0]
    site = Site.find_for_request(request)
    if site is None:
        return None
    token = caching.site_generation(site.root_page_id)  # before the root page is read
    site.root_page = site.root_page.specific
    cache.set(key, (site, token), SITE_SECONDS)
    return site


def _page_context(page: Page) -> dict[str, object]:
    return {"page": page, "self": page, **site_chrome(page)}


def site_search(request: HttpRequest, home: UnitSiteHome) -> HttpResponse:
    """ "Tìm kiếm": within this site by default, or everywhere (pham-vi=tat-ca)."""
    query = request.GET.get("q", "").strip()[:200]
    scope = "tat-ca" if request.GET.get("pham-vi") == "tat-ca" else "trang"
    page_obj: Page_ | None = None
    capped = False
    if query:
        results = search_articles(query, within=None if scope == "tat-ca" else home)
        paginator: Paginator[ArticlePage] = Paginator(results, SEARCH_PAGE_SIZE)  # type: ignore[arg-type]
        page_obj = paginator.get_page(request.GET.get("trang"))
        capped = results.capped
    if scope == "tat-ca":
        caching.depends_on_every_site(request)
    context = {
        **_page_context(home),
        "query": query,
        "scope": scope,
        "page_obj": page_obj,
        "capped": capped,
        # Vietnamese writes thousands with a dot: "hơn 1.000 kết quả".
        "cap_label": f"{SEARCH_CANDIDATES:,}".replace(",", "."),
    }
    return TemplateResponse(request, "newsroom/search_results.html", context)


def site_feedback_form(request: HttpRequest, home: UnitSiteHome) -> HttpResponse:
    """The site-wide "Phản hồi" form (the same form sits under every article)."""
    form = FeedbackForm(initial={"page_id": home.pk})
    return TemplateResponse(
        request, "newsroom/feedback_page.html", {**_page_context(home), "form": form}
    )


def _result(request: HttpRequest, page: Page | None, status: int, **extra: object) -> HttpResponse:
    context: dict[str, object] = {"page": page, "self": page, "site_home": None}
    if page is not None:
        context.update(site_chrome(page))
    context.update(extra)
    response = TemplateResponse(request, "newsroom/feedback_result.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # anonymous and cache-served pages carry no CSRF token; see README
@require_POST
def feedback_submit_view(request: HttpRequest) -> HttpResponse:
    """Store a reader's feedback, then thank them. Honeypot + rate limit."""
    form = FeedbackForm(request.POST)
    page: Page | None = None
    try:
        page_id = int(request.POST.get("page_id", ""))
    except ValueError:
        page_id = 0
    if page_id:
        page = Page.objects.live().filter(pk=page_id).specific().first()
    if request.POST.get("website"):
        # A bot filled the invisible field: answer as usual, keep nothing.
        return _result(request, page, 200, accepted=True)
    if feedback_rate_limited(client_address(request)):
        return _result(request, page, 429, rate_limited=True, message=RATE_LIMIT_MESSAGE)
    home = site_home_for(page) if page is not None else None
    if page is None or home is None:
        return _result(request, None, 400, message="Không tìm thấy trang để gửi phản hồi.")
    if form.is_valid():
        data = form.cleaned_data
        try:
            feedback_submit(
                unit=home.unit,
                article=page if isinstance(page, ArticlePage) else None,
                text=data["text"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                actor=request.user,
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return _result(request, page, 200, accepted=True)
    return _result(request, page, 400, form=form)


@require_GET
def sitemap_index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Django's sitemap index, its entries on the site's public address
    (Django would take the host the request named)."""
    response: TemplateResponse = sitemap_views.index(request, **kwargs)
    site = Site.find_for_request(request)
    for item in (response.context_data or {})["sitemaps"]:
        parts = urlsplit(item.location)
        query = f"?{parts.query}" if parts.query else ""
        item.location = absolute_url(f"{parts.path}{query}", site.pk if site else None)
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    root = public_base_url(site.pk if site else None)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /phan-hoi/",
        "Disallow: /ngon-ngu/",
        "Disallow: /*tim-kiem/",
        f"Sitemap: {root}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
