"""Reads of the newsroom: the blocks of each page, feeds and search.

Every list here is one query (plus one to prefetch image renditions), so a
page's query count does not grow with the number of items it shows; the
tests pin the counts.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from lantoa.core.db import without_parallel_query
from lantoa.core.text import search_key
from lantoa.core.unit_pages import UnitChrome, unit_link
from lantoa.newsroom import caching
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
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import path_prefixes

LATEST_COUNT = 8
OTHER_NEWS_COUNT = 6
ALBUM_COUNT = 4
SECTION_BLOCK_COUNT = 4
FEED_COUNT = 30

_HOME_ATTR = "_newsroom_site_home"
_HOME_ID_ATTR = "_newsroom_site_home_id"
# A page's parent path: with the first-publication date, the expression of
# the index "newsroom_page_parent_date" (migration 0002), so that "the newest
# articles of a section" reads only the rows it shows.
PARENT_PATH = Substr("path", 1, Length("path") - Page.steplen)
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


def _renditions(field: str, specs: list[str] = CARD_RENDITION_SPECS) -> Prefetch[Any]:
    """Prefetch the renditions a list shows, so thumbnails cost one query per list.

    Only the specs the template asks for: an image may have many others.
    """
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{field}__renditions", queryset=rendition_model.objects.filter(filter_spec__in=specs)
    )


def children(queryset: QuerySet[P], parent: Page) -> QuerySet[P]:
    """`queryset.child_of(parent)` through the parent index.

    Wagtail's `child_of` filters on a path prefix and a depth: under the
    industry union's home that prefix matches every page of every site.
    """
    return queryset.alias(parent_path=PARENT_PATH).filter(parent_path=parent.path)


def ancestor_paths(page: Page) -> list[str]:
    """Paths of `page` and of all its ancestors, computed without a query."""
    return path_prefixes(page.path, steplen=Page.steplen)


def site_home_for(page: Page) -> UnitSiteHome | None:
    """The nearest unit site home at or above `page` (memoised on the page)."""
    if isinstance(page, UnitSiteHome):
        return page
    cached: UnitSiteHome | None = getattr(page, _HOME_ATTR, None)
    home_id: int | None = getattr(page, _HOME_ID_ATTR, None)
    if cached is None and home_id is not None:
        cached = cached_site_home(home_id)
        setattr(page, _HOME_ATTR, cached)
    if cached is None and page.path:
        cached = (
            UnitSiteHome.objects.filter(path__in=ancestor_paths(page))
            .select_related("unit")
            .order_by("-depth")
            .first()
        )
        setattr(page, _HOME_ATTR, cached)
    return cached


def remember_site_home(page: Page, home_id: int) -> None:
    """Routing passed the page's site home: note it, `site_home_for` reads it from the cache."""
    setattr(page, _HOME_ID_ATTR, home_id)


HOME_SECONDS = 300


def cached_site_home(home_id: int) -> UnitSiteHome | None:
    """A site home with its unit, cached until the site's next publication.

    Its unit's name and address (the footer) may lag by HOME_SECONDS.
    """
    key = f"newsroom:fragment:home-object:{home_id}:{caching.site_generation(home_id)}"
    home: UnitSiteHome | None = cache.get(key)
    if home is None:
        home = UnitSiteHome.objects.select_related("unit").filter(pk=home_id).first()
        cache.set(key, home, HOME_SECONDS)
    return home


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


FRAGMENT_SECONDS = 3600
T = TypeVar("T")


def per_site(home: Page, name: str, compute: Callable[[], T]) -> T:
    """A list shown on a site's pages, cached until the site's next publication.

    Keyed by the site's generation (`caching.site_generation`), which a
    publication in the site or below it renews: "Mới nhất" of a home can be
    reused by every page of the site until then. The token is read before the
    list, so a publication during the query cannot leave a stale list behind.
    """
    key = f"newsroom:fragment:{name}:{home.pk}:{caching.site_generation(home.pk)}"
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


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
    """Articles filed under the section, or listed in it with the section's
    unit's consent (an accepted `SectionListing`), newest first."""
    from lantoa.newsroom.models import ListingState, SectionListing

    own = Q(parent_path=section.path)
    # The few listed ids are read first: "own OR id IN (subquery)" keeps
    # PostgreSQL from using the parent index (it scanned every article).
    cross_listed = list(
        SectionListing.objects.filter(section=section, state=ListingState.ACCEPTED).values_list(
            "article_id", flat=True
        )
    )
    qs = live_articles().alias(parent_path=PARENT_PATH)
    return article_cards(
        qs.filter(own | Q(pk__in=cross_listed)) if cross_listed else qs.filter(own)
    )


def other_news(article: ArticlePage, *, limit: int = OTHER_NEWS_COUNT) -> list[ArticlePage]:
    """ "Các tin khác": other recent articles of the same section."""
    parent_path = article.path[: -Page.steplen]
    return [a for a in _section_latest(parent_path, limit + 1) if a.pk != article.pk][:limit]


def _section_latest(section_path: str, limit: int) -> list[ArticlePage]:
    """The newest articles filed directly under the section at `section_path`."""
    qs = live_articles().alias(parent_path=PARENT_PATH).filter(parent_path=section_path)
    return list(article_cards(qs)[:limit])


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
    paths = path_prefixes(unit.path)
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
        return {"site_home": None, "nav_sections": [], "bulletin_url": ""}
    sections = per_site(
        home,
        "menu",
        lambda: list(
            public(children(SectionIndex.objects.all(), home))
            .filter(show_in_menus=True)
            .only("id", "title", "slug", "url_path", "path", "depth")
            .order_by("path")
        ),
    )
    # The unit's bulletin archive, if it publishes one (core.unit_pages).
    bulletin_url = per_site(home, "bulletin", lambda: unit_link("bulletin", home.unit))
    return {"site_home": home, "nav_sections": sections, "bulletin_url": bulletin_url}


def home_blocks(home: UnitSiteHome) -> dict[str, Any]:
    """Everything the home page shows (cached until the site's next publication)."""
    return per_site(home, "home", lambda: _home_blocks(home))


def _home_blocks(home: UnitSiteHome) -> dict[str, Any]:
    """Everything the home page shows, in a fixed number of queries."""
    latest = latest_in_subtree(home, limit=LATEST_COUNT + 1)
    # The newest article marked "tin nổi bật", else the newest with a picture.
    featured = next(
        (a for a in latest if a.is_featured and a.hero_image_id),
        next((a for a in latest if a.hero_image_id), latest[0] if latest else None),
    )
    # The latest few articles of each section in the menu, in one query
    # (the parent index reads only the newest rows of each).
    section_paths = [section.path for section in site_chrome(home)["nav_sections"]]
    ranked = (
        live_articles()
        .annotate(section_path=PARENT_PATH)
        .filter(section_path__in=section_paths)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[PARENT_PATH],
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
        # Bare pages of one type: joining the type's table let PostgreSQL walk
        # every page of the tree in id order.
        "topic_hubs": list(
            public(children(Page.objects.type(TopicHub), home)).only("id", "title", "url_path")  # type: ignore[attr-defined]
        ),
        "child_sites": list(
            public(children(Page.objects.type(UnitSiteHome), home))  # type: ignore[attr-defined]
            .only("id", "title", "url_path")
            .order_by("title")
        ),
    }


def article_blocks(
    article: ArticlePage, home: UnitSiteHome | None, *, host: str = ""
) -> dict[str, Any]:
    """What is shown around an article: other news, latest, albums, links.

    The lists are the same for every article of a site (the section's for
    "Các tin khác"), so they are cached per site and the article itself is
    left out here: one more item is kept for that.
    """
    context: dict[str, Any] = {"tags": list(article.tags.all())}
    if home is None:
        # No site: nothing shared to cache (a timeout of 0 keeps nothing).
        context.update(
            {"other_news": other_news(article), "fragment_key": article.pk, "fragment_seconds": 0}
        )
        return context
    context["fragment_seconds"] = FRAGMENT_SECONDS
    parent_path = article.path[: -Page.steplen]
    section_news = per_site(
        home, f"other:{parent_path}", lambda: _section_latest(parent_path, OTHER_NEWS_COUNT + 1)
    )
    latest = per_site(
        home,
        "latest-titles",
        lambda: latest_in_subtree(home, limit=LATEST_COUNT + 1, with_images=False),
    )
    # The rendered lists are cached too (article_page.html), under a key that
    # says whether this article had to be left out of them.
    in_section = article.pk in {a.pk for a in section_news}
    in_latest = article.pk in {a.pk for a in latest}
    context["fragment_key"] = "|".join(
        str(part)
        for part in (
            host,
            home.pk,
            caching.site_generation(home.pk),
            parent_path,
            article.pk if in_section else "",
            article.pk if in_latest else "",
            translation.get_language(),  # the fragments' headings are translated
        )
    )
    context.update(
        {
            "other_news": [a for a in section_news if a.pk != article.pk][:OTHER_NEWS_COUNT],
            "latest": [a for a in latest if a.pk != article.pk][:LATEST_COUNT],
            "albums": per_site(home, "albums-3", lambda: latest_albums(home, limit=3)),
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
    below = list(
        public(children(Page.objects.all(), hub))
        .type(PhotoAlbum, DocumentLibrary)  # type: ignore[attr-defined]
        .specific()
        .order_by("path")
    )
    return {
        "hub_albums": [c for c in below if isinstance(c, PhotoAlbum)],
        "hub_libraries": [c for c in below if isinstance(c, DocumentLibrary)],
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


SEARCH_CANDIDATES = 1000


class SearchHits:
    """Search results for a paginator: ranked ids, articles read per page.

    `count()` is the number of candidates ranked, at most SEARCH_CANDIDATES;
    `capped` says more articles matched.
    """

    def __init__(self, ranked_ids: list[int], capped: bool) -> None:
        self.ranked_ids = ranked_ids
        self.capped = capped

    def count(self) -> int:
        return len(self.ranked_ids)

    def __len__(self) -> int:
        return len(self.ranked_ids)

    def __getitem__(self, index: slice) -> list[ArticlePage]:
        ids = self.ranked_ids[index]
        articles = ArticlePage.objects.filter(pk__in=ids).only(
            "id", "title", "url_path", "path", "depth", "lead", "first_published_at"
        )
        by_id = {a.pk: a for a in articles}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self) -> Any:
        return iter(self[0 : len(self)])


SEARCH_MAX_WORDS = 20
_WORD = re.compile(r"[^\W_]+")


def search_words(query: str) -> str:
    """What a visitor typed, as the words the search looks for: folded like
    the index, letters and digits only, at most SEARCH_MAX_WORDS words.

    Nothing else reaches the database's full-text syntax (SQLite FTS5 and
    PostgreSQL tsquery both give quotes, NUL, `-`, `*`, `:`, parentheses and
    upper-case AND/OR/NOT a meaning), so no input can be a syntax error.
    """
    return " ".join(_WORD.findall(search_key(query))[:SEARCH_MAX_WORDS])


def search_articles(query: str, *, within: Page | None = None) -> SearchHits:
    """Ranked, diacritic-insensitive search of live articles.

    The query is folded like the indexed copies of title, lead and body
    (`ArticlePage.folded_title` / `folded_text`), so "dai hoi", "Đại hội" and
    "ĐẠI HỘI" all find "Đại hội". With `within`, only that site's subtree.

    A common word ("công đoàn") matches nearly every article: ranking them all
    takes seconds over 100,000 articles. So only the SEARCH_CANDIDATES newest
    matches are ranked and counted; the page says "hơn 1.000" when there were
    more.
    """
    folded = search_words(query[:200])
    if not folded:
        return SearchHits([], False)
    qs = live_articles()
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    with without_parallel_query():  # one SET LOCAL for the batches of this search
        ranked = _rank_newest_matches(qs, folded, SEARCH_CANDIDATES + 1)
    capped = len(ranked) > SEARCH_CANDIDATES
    if capped:  # drop the oldest candidate, kept only to know there were more
        oldest = min(ranked, key=lambda hit: hit[1])
        ranked.remove(oldest)
    return SearchHits([pk for pk, _position, _score in ranked], capped)


SEARCH_SCAN_BATCHES = 3
Hit = tuple[int, int, float]  # id, recency (higher is newer), score


def _ranked_matches(ids: list[int], folded: str) -> list[tuple[int, float]]:
    """The ids that match, best first, with the backend's scores.

    Bare pages rather than articles: joining the article table made
    PostgreSQL scan every page instead of looking the ids up.
    """
    pages = Page.objects.filter(pk__in=ids).only("id")
    ranked = pages.search(folded, operator="and", order_by_relevance=True)  # type: ignore[attr-defined]
    return [(p.pk, float(p._score or 0)) for p in ranked.annotate_score("_score")]


def _rank_newest_matches(qs: QuerySet[ArticlePage], folded: str, limit: int) -> list[Hit]:
    """The `limit` newest articles of `qs` matching `folded`, best first.

    Common words first: the newest articles are read in batches along the
    date index, and each batch is matched and ranked in one query, which stops
    as soon as enough are found. A rarer word leaves the batches short; then
    the full-text index finds all its matches and the newest are ranked.
    (Left to itself, PostgreSQL misjudges how many rows a text query matches
    and reads the whole search index for "công đoàn".)
    """
    newest = qs.order_by("-first_published_at", "-id")
    batch_size = limit + limit // 10
    hits: list[Hit] = []
    sample: list[tuple[int, float]] = []  # the first batch's ranking: the score direction
    last: tuple[int, Any] | None = None
    position = 0
    for _batch in range(SEARCH_SCAN_BATCHES):
        batch_qs = newest
        if last is not None:
            batch_qs = batch_qs.filter(
                Q(first_published_at__lt=last[1]) | Q(first_published_at=last[1], pk__lt=last[0])
            )
        batch = list(batch_qs.values_list("id", "first_published_at")[:batch_size])
        recency = {pk: position - n for n, (pk, _date) in enumerate(batch)}
        position -= len(batch)
        ranked = _ranked_matches(list(recency), folded) if batch else []
        hits.extend((pk, recency[pk], score) for pk, score in ranked)
        sample = sample or ranked
        if len(hits) >= limit or len(batch) < batch_size:
            return _best_first(_newest(hits, limit), sample)
        last = batch[-1]
    everything = newest.only("id").search(folded, operator="and", order_by_relevance=False)  # type: ignore[attr-defined]
    ids = [a.pk for a in everything[:limit]]
    recency = {pk: -n for n, pk in enumerate(ids)}
    ranked = _ranked_matches(ids, folded) if ids else []
    return [(pk, recency[pk], score) for pk, score in ranked]


def _newest(hits: list[Hit], limit: int) -> list[Hit]:
    return sorted(hits, key=lambda hit: hit[1], reverse=True)[:limit]


def _best_first(hits: list[Hit], sample: list[tuple[int, float]]) -> list[Hit]:
    """Sort by score in the backend's direction (PostgreSQL: higher is better;
    SQLite's bm25: lower is better), read from a list it ranked itself."""
    scores = [score for _pk, score in sample]
    higher_is_better = not scores or scores[0] >= scores[-1]
    return sorted(hits, key=lambda hit: (-hit[2] if higher_is_better else hit[2], -hit[1]))


# ------------------------------------------------ unit pages (core.unit_pages)


def unit_site_urls(units: list[OrgUnit]) -> dict[int, str]:
    """{unit id: its live news site's address}, one query."""
    homes = UnitSiteHome.objects.live().filter(unit__in=[u.pk for u in units])
    return {home.unit_id: home.url for home in homes.only("id", "url_path", "unit_id", "path")}


def unit_site_homes(units: list[OrgUnit]) -> dict[int, UnitSiteHome]:
    """{unit id: its site home, live or not}, one query (for the back office)."""
    homes = UnitSiteHome.objects.filter(unit__in=[u.pk for u in units])
    return {home.unit_id: home for home in homes.only("id", "url_path", "unit_id", "path", "live")}


def unit_site_chrome(unit: OrgUnit) -> UnitChrome | None:
    """The masthead and menu of the unit's news site, or of the nearest unit
    above it that has one."""
    prefixes = path_prefixes(unit.path)
    home = (
        UnitSiteHome.objects.live()
        .filter(unit__path__in=prefixes)
        .select_related("unit")
        .order_by("-depth")
        .first()
    )
    if home is None:
        return None
    menu = [(str(_("Trang chủ")), home.url)] + [
        (section.title, section.url) for section in site_chrome(home)["nav_sections"]
    ]
    return UnitChrome(
        site_name=home.title,
        home_url=home.url,
        tagline=home.tagline,
        menu=menu,
        stylesheet="newsroom/site.css",
    )
