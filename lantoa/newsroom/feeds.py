"""RSS 2.0 and Atom feeds of a site (its whole subtree) or of one section."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from lantoa.core.public_urls import absolute_url
from lantoa.newsroom.models import SectionIndex, UnitSiteHome
from lantoa.newsroom.selectors import feed_items, site_home_for

FEED_CLASSES: dict[str, type[SyndicationFeed]] = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def build_feed(
    request: HttpRequest, page: UnitSiteHome | SectionIndex, kind: Literal["rss", "atom"]
) -> SyndicationFeed:
    home = site_home_for(page)
    title = (
        page.title
        if isinstance(page, UnitSiteHome)
        else f"{page.title} — {home.title if home else ''}"
    )
    link = page.get_full_url(request)
    feed = FEED_CLASSES[kind](
        title=title,
        link=link,
        description=(getattr(page, "tagline", "") or getattr(page, "intro", "") or title),
        language="vi",
        feed_url=absolute_url(request.get_full_path(), page.get_site().pk),
        author_name=home.unit.name if home else None,
    )
    for article in feed_items(page):
        url = article.get_full_url(request)
        feed.add_item(
            title=article.title,
            link=url,
            description=article.lead,
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=article.first_published_at,
            updateddate=article.last_published_at,
        )
    return feed


def feed_response(
    request: HttpRequest, page: UnitSiteHome | SectionIndex, kind: Literal["rss", "atom"]
) -> HttpResponse:
    feed = build_feed(request, page, kind)
    response = HttpResponse(content_type=feed.content_type)  # type: ignore[attr-defined]
    feed.write(response, "utf-8")
    return response
