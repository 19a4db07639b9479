import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from lantoa.newsroom.caching import bump_generation
from lantoa.newsroom.tests.factories import (
    AlbumPhotoFactory,
    ArticlePageFactory,
    ImageFactory,
    PhotoAlbumFactory,
    SectionIndexFactory,
    WebsiteLinkFactory,
)

pytestmark = pytest.mark.django_db

MAX_UNCACHED_ARTICLE_QUERIES = 15


def test_second_anonymous_request_is_served_from_the_cache(client, news):
    first = client.get(news.article.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(news.article.url)

    assert first["X-Lantoa-Cache"] == "miss"
    assert second["X-Lantoa-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert second["Cache-Control"] == "public, max-age=60"
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second


def test_a_hit_is_answered_before_the_inner_middleware_with_the_same_headers(
    client, news, monkeypatch
):
    first = client.get(news.article.url)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cache hit reached the session/routing layers")

    # PageCacheMiddleware sits before SessionMiddleware: a hit never gets there.
    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", must_not_run
    )
    second = client.get(news.article.url)

    assert second["X-Lantoa-Cache"] == "hit"
    assert second["Content-Length"] == str(len(first.content))
    # Each answer has its own request id (lantoa/ops/logs.py), cached or not.
    skip = {"date", "x-lantoa-cache", "content-length", "x-request-id"}
    assert first["X-Request-ID"] != second["X-Request-ID"]
    headers = {k.lower(): v for k, v in first.items() if k.lower() not in skip}
    assert {"x-frame-options", "content-language", "vary"} <= headers.keys()
    assert {k.lower(): v for k, v in second.items() if k.lower() not in skip} == headers


class CacheCalls:
    """Counts the reads the page cache makes of Django's cache: each is a Redis
    round trip in production (the local-memory `get_many` calls `get` inside)."""

    def __init__(self, monkeypatch):
        self.reads: list[str] = []
        self.depth = 0
        for name in ("get", "get_many"):
            original = getattr(cache, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                if self.depth == 0:
                    self.reads.append(_name)
                self.depth += 1
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.depth -= 1

            monkeypatch.setattr(cache, name, counted)


def test_a_hit_reads_the_page_and_its_generations_in_one_cache_call(client, news, monkeypatch):
    client.get(news.article.url)  # a miss: rendered and stored
    calls = CacheCalls(monkeypatch)
    assert client.get(news.article.url)["X-Lantoa-Cache"] == "hit"
    assert calls.reads == ["get_many"]  # one Redis round trip


def test_a_hit_in_another_process_reads_twice_and_stale_pages_are_still_refused(
    client, news, monkeypatch, django_capture_on_commit_callbacks
):
    from lantoa.newsroom import caching

    client.get(news.article.url)
    caching._KNOWN_DEPENDENCIES.clear()  # as in a worker that did not render the page
    calls = CacheCalls(monkeypatch)
    assert client.get(news.article.url)["X-Lantoa-Cache"] == "hit"
    assert calls.reads == ["get_many", "get_many"]
    calls.reads.clear()
    assert client.get(news.article.url)["X-Lantoa-Cache"] == "hit"
    assert calls.reads == ["get_many"]  # learnt

    with django_capture_on_commit_callbacks(execute=True):
        news.article.save_revision().publish()
    assert client.get(news.article.url)["X-Lantoa-Cache"] == "miss"


def test_conditional_get_answers_304(client, news):
    first = client.get(news.article.url)

    by_etag = client.get(news.article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(news.article.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""


def test_publishing_invalidates_cached_pages(client, news, django_capture_on_commit_callbacks):
    client.get("/")
    client.get(news.article.url)
    news.article.title = "Tiêu đề đã sửa"

    with django_capture_on_commit_callbacks(execute=True):
        news.article.save_revision().publish()

    home = client.get("/")
    article = client.get(news.article.url)
    assert home["X-Lantoa-Cache"] == "miss"
    assert article["X-Lantoa-Cache"] == "miss"
    assert "Tiêu đề đã sửa" in home.content.decode()


def test_changing_a_link_invalidates_cached_pages(client, news, django_capture_on_commit_callbacks):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        WebsiteLinkFactory(unit=news.tree.root, title="Báo Người Lao Động")

    response = client.get("/")

    assert response["X-Lantoa-Cache"] == "miss"
    assert "Báo Người Lao Động" in response.content.decode()


def test_editors_with_a_session_bypass_the_cache(client, news):
    client.get(news.article.url)
    client.cookies["sessionid"] = "abc"

    response = client.get(news.article.url)

    assert "X-Lantoa-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def _realistic_article(news):
    """An article with everything around it: hero, body images, gallery,
    other news with pictures, latest, albums, links and tags."""
    images = [ImageFactory() for _ in range(4)]
    for n in range(8):
        ArticlePageFactory(parent=news.section, hero_image=images[n % 4])
    other = SectionIndexFactory(parent=news.root_home)
    for _ in range(3):
        ArticlePageFactory(parent=other, hero_image=images[0])
    for n in range(3):
        album = PhotoAlbumFactory(parent=news.root_home)
        AlbumPhotoFactory(album=album, image=images[n])
        album.save()
    for _ in range(3):
        WebsiteLinkFactory(unit=news.tree.root)
    article = ArticlePageFactory(
        parent=news.section,
        hero_image=images[1],
        body=[
            ("text", RichText("<p>Nội dung.</p>")),
            ("image", {"image": images[2], "caption": "Ảnh", "credit": "", "alt": ""}),
            (
                "gallery",
                {
                    "title": "Bộ ảnh",
                    "images": [
                        {"image": image, "caption": "", "credit": "", "alt": ""} for image in images
                    ],
                },
            ),
        ],
    )
    article.tags.add("Đại hội VII", "An toàn lao động")
    article.save()
    return article


def test_uncached_article_page_query_count_is_pinned(client, news):
    article = _realistic_article(news)
    client.get(article.url)  # renditions are created once, as on a live site
    bump_generation()  # as after a publication: every cached page is stale

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)

    assert response.status_code == 200
    assert response["X-Lantoa-Cache"] == "miss"
    assert len(queries) <= MAX_UNCACHED_ARTICLE_QUERIES, "\n".join(
        q["sql"][:160] for q in queries.captured_queries
    )


def test_uncached_article_query_count_does_not_grow_with_content(client, news):
    """No N+1: doubling what surrounds the article adds no query."""
    article = _realistic_article(news)
    cache.clear()
    client.get(article.url)
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get(article.url)

    _realistic_article(news)
    cache.clear()
    client.get(article.url)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get(article.url)

    assert len(after) == len(before)


def test_home_page_query_count_does_not_grow_with_content(client, news):
    _realistic_article(news)
    cache.clear()
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get("/")

    _realistic_article(news)
    cache.clear()
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get("/")

    assert len(after) == len(before) <= 20


@pytest.mark.parametrize("which", ["home", "article", "section", "album", "hub", "search"])
def test_every_page_type_renders_again_once_its_renditions_exist(client, news, which):
    """The rendition prefetches name the specs the templates use: a template
    asking for a spec a prefetch leaves out would fail on the second view."""
    from lantoa.newsroom.tests.factories import TopicHubFactory

    article = _realistic_article(news)
    album = PhotoAlbumFactory(parent=news.root_home)
    AlbumPhotoFactory(album=album, image=ImageFactory())
    album.save()
    hub = TopicHubFactory(parent=news.root_home, hero_image=ImageFactory())
    path = {
        "home": "/",
        "article": article.url,
        "section": news.section.url,
        "album": album.url,
        "hub": hub.url,
        "search": "/tim-kiem/?q=tin+bai",
    }[which]

    first = client.get(path)
    bump_generation()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second["X-Lantoa-Cache"] == "miss"
    # Nothing is written while reading: every rendition was found, none re-created.
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")] == []


def _publish_new_article(section, title, capture):
    """An article published the way editors do (a revision), commit hooks run."""
    article = ArticlePageFactory.build(title=title, slug=title.lower().replace(" ", "-"))
    article.live = False
    section.add_child(instance=article)
    with capture(execute=True):
        article.save_revision().publish()
    return article


def test_a_publication_invalidates_its_site_and_the_sites_above_only(
    client, news, django_capture_on_commit_callbacks
):
    unit_section = SectionIndexFactory(parent=news.unit_home, title="Tin cơ sở")
    sibling_section = SectionIndexFactory(parent=news.sibling_home, title="Tin đơn vị bạn")
    sibling_article = ArticlePageFactory(parent=sibling_section, title="Tin của đơn vị bạn")
    urls = {
        "root": news.root_home.url,
        "parent": news.parent_home.url,
        "unit": news.unit_home.url,
        "unit_section": unit_section.url,
        "sibling": news.sibling_home.url,
        "sibling_article": sibling_article.url,
        "root_article": news.article.url,
    }
    for url in urls.values():
        assert client.get(url)["X-Lantoa-Cache"] == "miss"
    assert client.get(urls["sibling"])["X-Lantoa-Cache"] == "hit"

    _publish_new_article(
        unit_section, "Hội nghị người lao động", django_capture_on_commit_callbacks
    )

    states = {name: client.get(url)["X-Lantoa-Cache"] for name, url in urls.items()}
    assert states == {
        "root": "miss",  # "Mới nhất" of the industry union covers every site below
        "parent": "miss",
        "unit": "miss",
        "unit_section": "miss",
        "sibling": "hit",
        "sibling_article": "hit",
        "root_article": "miss",  # the root site's "Mới nhất" lists the new article
    }
    assert "Hội nghị người lao động" in client.get(urls["parent"]).content.decode()


def test_a_cross_listed_article_invalidates_the_other_sites_section(
    client, news, django_capture_on_commit_callbacks
):
    unit_section = SectionIndexFactory(parent=news.unit_home)
    sibling_section = SectionIndexFactory(parent=news.sibling_home, title="Chuyên mục đơn vị bạn")
    assert client.get(sibling_section.url)["X-Lantoa-Cache"] == "miss"
    article = ArticlePageFactory.build(title="Tin đăng chung hai đơn vị", slug="tin-dang-chung")
    article.live = False
    unit_section.add_child(instance=article)
    article.sections = [sibling_section]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    # Another unit's section: a request, not shown until that unit accepts it.
    response = client.get(sibling_section.url)
    assert "Tin đăng chung hai đơn vị" not in response.content.decode()
    from lantoa.core.actors import SYSTEM
    from lantoa.newsroom.models import SectionListing
    from lantoa.newsroom.services_listings import listing_accept

    with django_capture_on_commit_callbacks(execute=True):
        listing_accept(actor=SYSTEM, listing=SectionListing.objects.get(section=sibling_section))

    response = client.get(sibling_section.url)

    assert response["X-Lantoa-Cache"] == "miss"
    assert "Tin đăng chung hai đơn vị" in response.content.decode()


def test_pages_listing_every_site_follow_any_publication(
    client, news, django_capture_on_commit_callbacks
):
    from lantoa.newsroom.tests.factories import TopicHubFactory

    hub = TopicHubFactory(parent=news.root_home)
    everywhere = f"{news.sibling_home.url}tim-kiem/?q=hoi+nghi&pham-vi=tat-ca"
    in_sibling = f"{news.sibling_home.url}tim-kiem/?q=hoi+nghi"
    for url in (hub.url, everywhere, in_sibling):
        client.get(url)
    unit_section = SectionIndexFactory(parent=news.unit_home)

    _publish_new_article(unit_section, "Hội nghị cán bộ", django_capture_on_commit_callbacks)

    assert client.get(hub.url)["X-Lantoa-Cache"] == "miss"
    found = client.get(everywhere)
    assert found["X-Lantoa-Cache"] == "miss"
    assert "Hội nghị cán bộ" in found.content.decode()
    assert client.get(in_sibling)["X-Lantoa-Cache"] == "hit"  # its own site is untouched


def test_a_moved_page_invalidates_every_site(client, news, django_capture_on_commit_callbacks):
    """A move changes URLs that any site may link to: every site renders again."""
    section = SectionIndexFactory(parent=news.unit_home, title="Chuyên mục chuyển đi")
    client.get(news.sibling_home.url)

    with django_capture_on_commit_callbacks(execute=True):
        section.move(news.parent_home, pos="last-child")

    assert client.get(news.sibling_home.url)["X-Lantoa-Cache"] == "miss"
