"""Reads of the newsroom: the blocks of each page, feeds and search.

Every list here is one query (plus one to prefetch image renditions), so a
page's query count does not grow with the number of items it shows; the
tests pin the counts.
"""

from __future__ import annotations

import time
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from lantoa.core.text import search_key
from lantoa.newsroom.models import (
    AlbumPhoto,
    ArticlePage,
    DocumentLibrary,
    PhotoAlbum,
    SectionIndex,
    TopicHub,
    UnitSiteHome,
    WebsiteLink,
)
from lantoa.org.models import OrgUnit

LATEST_COUNT = 8
OTHER_NEWS_COUNT = 6
ALBUM_COUNT = 4
SECTION_BLOCK_COUNT = 4
FEED_COUNT = 30

_HOME_ATTR = "_newsroom_site_home"
P = TypeVar("P", bound=Page)


# The renditions a card thumbnail uses: `{% picture … format-{webp,jpeg}
# fill-{320x200,640x400} %}` in includes/card.html and includes/sidebar.html,
# and the larger sizes of the featured article on the home page.
CARD_RENDITION_SPECS = [
    f"format-{fmt}|fill-{size}"
    for fmt in ("webp", "jpeg")
    for size in ("320x200", "640x400", "960x600", "1280x800")
]
ALBUM_RENDITION_SPECS = [
    f"format-{fmt}|fill-{size}" for fmt in ("webp", "jpeg") for size in ("400x300", "800x600")
] + ["max-1600x1200|format-webp"]


def _renditions(field: str, specs: list[str] = CARD_RENDITION_SPECS) -> Prefetch:
    """Prefetch the renditions a list shows, so thumbnails cost one query per list.

    Only the specs the template asks for: an image may have many others.
    """
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{field}__renditions", queryset=rendition_model.objects.filter(filter_spec__in=specs)
    )


def ancestor_paths(page: Page) -> list[str]:
    """Paths of `page` and of all its ancestors, computed without a query."""
    step = Page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def site_home_for(page: Page) -> UnitSiteHome | None:
    """The nearest unit site home at or above `page` (memoised on the page)."""
    if isinstance(page, UnitSiteHome):
        return page
    cached: UnitSiteHome | None = getattr(page, _HOME_ATTR, None)
    if cached is None and page.path:
        cached = (
            UnitSiteHome.objects.filter(path__in=ancestor_paths(page))
            .select_related("unit")
            .order_by("-depth")
            .first()
        )
        setattr(page, _HOME_ATTR, cached)
    return cached


RESTRICTED_PATHS_KEY = "newsroom:restricted-paths"


def restricted_paths() -> list[str]:
    """Paths of pages under a view restriction (cached; reset when one changes).

    Wagtail's `.public()` reads every restriction on each call, one query per
    list; news sites seldom restrict pages, so the list is cached instead.
    """
    paths: list[str] | None = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_PATHS_KEY, paths, 3600)
    return paths


def public(queryset: QuerySet[P]) -> QuerySet[P]:
    """Live pages that anyone may see."""
    queryset = queryset.live()  # type: ignore[attr-defined]
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def live_articles() -> QuerySet[ArticlePage]:
    return public(ArticlePage.objects.all())


def article_cards(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """What a list of article cards needs: hero image and its renditions."""
    return (
        queryset.select_related("hero_image")
        .prefetch_related(_renditions("hero_image"))
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "lead",
            "first_published_at",
            "last_published_at",
            "hero_image",
            "unit",
            "is_featured",
        )
        .order_by("-first_published_at", "-id")
    )


def latest_in_subtree(
    home: UnitSiteHome,
    *,
    limit: int = LATEST_COUNT,
    exclude: int | None = None,
    with_images: bool = True,
) -> list[ArticlePage]:
    """ "Mới nhất": the latest articles of the unit's whole subtree of sites."""
    qs = live_articles().filter(path__startswith=home.path)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if not with_images:
        # A list of titles: no image, no renditions to prefetch.
        return list(
            qs.only("id", "title", "url_path", "path", "depth", "first_published_at").order_by(
                "-first_published_at", "-id"
            )[:limit]
        )
    return list(article_cards(qs)[:limit])


def section_articles(section: SectionIndex) -> QuerySet[ArticlePage]:
    """Articles filed under the section, or cross-listed in it, newest first."""
    own = Q(path__startswith=section.path, depth=section.depth + 1)
    # A subquery rather than a join: no duplicates to remove, and PostgreSQL
    # can combine the path index with the few cross-listed ids.
    cross_listed = ArticlePage.sections.through.objects.filter(sectionindex=section).values(
        "articlepage_id"
    )
    return article_cards(live_articles().filter(own | Q(pk__in=cross_listed)))


def other_news(article: ArticlePage, *, limit: int = OTHER_NEWS_COUNT) -> list[ArticlePage]:
    """ "Các tin khác": other recent articles of the same section."""
    parent_path = article.path[: -Page.steplen]
    qs = live_articles().filter(path__startswith=parent_path, depth=article.depth)
    return list(article_cards(qs.exclude(pk=article.pk))[:limit])


def latest_albums(home: UnitSiteHome, *, limit: int = ALBUM_COUNT) -> list[PhotoAlbum]:
    """ "Thư viện ảnh": the latest albums of the unit's subtree."""
    return list(
        public(PhotoAlbum.objects.all())
        .filter(path__startswith=home.path)
        .select_related("cover_image")
        .prefetch_related(_renditions("cover_image"))
        .order_by("-first_published_at", "-id")[:limit]
    )


def album_photos(album: PhotoAlbum) -> list[AlbumPhoto]:
    """An album's photos with their images and renditions, in two queries."""
    return list(
        album.photos.select_related("image")
        .prefetch_related(_renditions("image", ALBUM_RENDITION_SPECS))
        .order_by("sort_order", "id")
    )


LINKS_GENERATION_KEY = "newsroom:links-generation"


def unit_links(unit: OrgUnit) -> list[WebsiteLink]:
    """ "Liên kết website": the unit's own links, else those of its nearest ancestor.

    Cached per unit under a generation that any change to a link renews
    (`forget_links`, called from signal_handlers).
    """
    generation = cache.get_or_set(LINKS_GENERATION_KEY, 0, None)
    key = f"newsroom:links:{generation}:{unit.path}"
    cached: list[WebsiteLink] | None = cache.get(key)
    if cached is None:
        cached = _unit_links(unit)
        cache.set(key, cached, 3600)
    return cached


def forget_links() -> None:
    cache.set(LINKS_GENERATION_KEY, time.time_ns(), None)


def _unit_links(unit: OrgUnit) -> list[WebsiteLink]:
    step = OrgUnit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    links = list(
        WebsiteLink.objects.filter(unit__path__in=paths)
        .annotate(unit_depth=F("unit__depth"))
        .order_by("-unit_depth", "sort_order", "id")
    )
    if not links:
        return []
    nearest = links[0].unit_depth  # type: ignore[attr-defined]
    return [link for link in links if link.unit_depth == nearest]  # type: ignore[attr-defined]


def site_chrome(page: Page) -> dict[str, Any]:
    """Header and footer of every public page: the site home and its sections."""
    home = site_home_for(page)
    if home is None:
        return {"site_home": None, "nav_sections": []}
    sections = list(
        public(SectionIndex.objects.child_of(home))
        .filter(show_in_menus=True)
        .only("id", "title", "slug", "url_path", "path", "depth")
        .order_by("path")
    )
    return {"site_home": home, "nav_sections": sections}


def home_blocks(home: UnitSiteHome) -> dict[str, Any]:
    """Everything the home page shows, in a fixed number of queries."""
    latest = latest_in_subtree(home, limit=LATEST_COUNT + 1)
    # The newest article marked "tin nổi bật", else the newest with a picture.
    featured = next(
        (a for a in latest if a.is_featured and a.hero_image_id),
        next((a for a in latest if a.hero_image_id), latest[0] if latest else None),
    )
    # The latest few articles of each of the home's own sections, in one query.
    ranked = (
        live_articles()
        .filter(path__startswith=home.path, depth=home.depth + 2)
        .annotate(
            section_path=Substr("path", 1, (home.depth + 1) * Page.steplen),
            rank=Window(
                RowNumber(),
                partition_by=[Substr("path", 1, (home.depth + 1) * Page.steplen)],
                order_by=[F("first_published_at").desc(), F("id").desc()],
            ),
        )
        .filter(rank__lte=SECTION_BLOCK_COUNT)
    )
    by_section: dict[str, list[ArticlePage]] = {}
    for article in article_cards(ranked):
        by_section.setdefault(article.section_path, []).append(article)  # type: ignore[attr-defined]
    return {
        "featured": featured,
        "latest": [a for a in latest if featured is None or a.pk != featured.pk][:LATEST_COUNT],
        "section_articles": by_section,
        "albums": latest_albums(home),
        "links": unit_links(home.unit),
        "topic_hubs": list(public(TopicHub.objects.child_of(home)).only("id", "title", "url_path")),
        "child_sites": list(
            public(UnitSiteHome.objects.child_of(home))
            .only("id", "title", "url_path")
            .order_by("title")
        ),
    }


def article_blocks(article: ArticlePage, home: UnitSiteHome | None) -> dict[str, Any]:
    """What is shown around an article: other news, latest, albums, links."""
    context: dict[str, Any] = {
        "other_news": other_news(article),
        "tags": list(article.tags.all()),
    }
    if home is not None:
        context.update(
            {
                "latest": latest_in_subtree(home, exclude=article.pk, with_images=False),
                "albums": latest_albums(home, limit=3),
                "links": unit_links(home.unit),
            }
        )
    return context


def topic_hub_blocks(hub: TopicHub) -> dict[str, Any]:
    """Articles tagged for the hub, grouped by the phase whose dates they fall in."""
    articles = list(
        article_cards(live_articles().filter(tags__name__iexact=hub.tag).distinct())[:60]
    )
    phases = []
    placed: set[int] = set()
    for block in hub.phases:
        value = block.value
        items = [
            a
            for a in articles
            if a.first_published_at
            and value["starts"] <= timezone.localtime(a.first_published_at).date() <= value["ends"]
        ]
        placed.update(a.pk for a in items)
        phases.append({"value": value, "articles": items[:8]})
    now = timezone.now()
    days_left = None
    if hub.event_at and hub.event_at > now:
        days_left = (hub.event_at - now).days
    children = list(
        public(Page.objects.child_of(hub))
        .type(PhotoAlbum, DocumentLibrary)  # type: ignore[attr-defined]
        .specific()
        .order_by("path")
    )
    return {
        "hub_albums": [c for c in children if isinstance(c, PhotoAlbum)],
        "hub_libraries": [c for c in children if isinstance(c, DocumentLibrary)],
        "phases": phases,
        "hub_articles": [a for a in articles if a.pk not in placed][:12],
        "all_hub_articles": articles,
        "days_left": days_left,
        "event_passed": bool(hub.event_at and hub.event_at <= now),
    }


def feed_items(page: UnitSiteHome | SectionIndex) -> list[ArticlePage]:
    """Items of the RSS/Atom feed of a site (its whole subtree) or of a section."""
    if isinstance(page, SectionIndex):
        return list(section_articles(page)[:FEED_COUNT])
    return list(article_cards(live_articles().filter(path__startswith=page.path))[:FEED_COUNT])


def search_articles(query: str, *, within: Page | None = None) -> Any:
    """Ranked, diacritic-insensitive search of live articles.

    The query is folded like the indexed copies of title, lead and body
    (`ArticlePage.folded_title` / `folded_text`), so "dai hoi", "Đại hội" and
    "ĐẠI HỘI" all find "Đại hội". With `within`, only that site's subtree.
    Returns Wagtail search results (sliceable, with `.count()`), best first.
    """
    folded = search_key(query)[:200]
    if not folded:
        return ArticlePage.objects.none()
    qs = live_articles()
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    return qs.search(folded, operator="and", order_by_relevance=True)  # type: ignore[attr-defined]
