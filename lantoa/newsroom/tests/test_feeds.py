import xml.etree.ElementTree as ET

import feedparser
import pytest

from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def two_sections(news):
    other = SectionIndexFactory(parent=news.root_home, title="An toàn - Vệ sinh lao động")
    safety = ArticlePageFactory(
        parent=other,
        title="Phát động Tháng hành động về an toàn, vệ sinh lao động",
        lead="Người lao động được tập huấn nhận diện mối nguy — “an toàn là trên hết”.",
    )
    return news, safety


@pytest.mark.parametrize(("route", "version"), [("rss/", "rss20"), ("atom/", "atom10")])
def test_site_feed_parses_and_keeps_vietnamese(client, two_sections, route, version):
    news, safety = two_sections

    response = client.get(f"/{route}")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.title == "Công đoàn Dầu khí Việt Nam"
    titles = [entry.title for entry in feed.entries]
    assert titles == [safety.title, news.article.title]  # newest first
    entry = feed.entries[0]
    assert (
        entry.summary == "Người lao động được tập huấn nhận diện mối nguy — “an toàn là trên hết”."
    )
    assert entry.link == f"http://127.0.0.1:8000{safety.url}"


def test_section_feed_lists_only_that_section(client, two_sections):
    news, _safety = two_sections

    feed = feedparser.parse(client.get(f"{news.section.url}rss/").content)

    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [news.article.title]
    assert feed.feed.title == "Tuyên giáo các cấp — Công đoàn Dầu khí Việt Nam"


def test_sub_site_feed_covers_its_own_subtree_only(client, news):
    section = SectionIndexFactory(parent=news.unit_home)
    local = ArticlePageFactory(parent=section, title="Tin công đoàn cơ sở")

    feed = feedparser.parse(client.get(f"{news.unit_home.url}atom/").content)

    assert [entry.title for entry in feed.entries] == [local.title]


def test_sitemap_is_valid_xml_listing_live_pages(client, news):
    draft = ArticlePageFactory(parent=news.section, live=False, slug="ban-nhap")

    index = client.get("/sitemap.xml")
    index_root = ET.fromstring(index.content)  # noqa: S314 — our own response
    assert index_root.tag == f"{SITEMAP_NS}sitemapindex"
    parts = [node.findtext(f"{SITEMAP_NS}loc") for node in index_root]
    assert parts == ["http://127.0.0.1:8000/sitemap-pages.xml"]
    response = client.get("/sitemap-pages.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 — our own response
    assert root.tag == f"{SITEMAP_NS}urlset"
    locations = {url.findtext(f"{SITEMAP_NS}loc") for url in root}
    assert f"http://127.0.0.1:8000{news.article.url}" in locations
    assert "http://127.0.0.1:8000/" in locations
    assert not any(loc.endswith(f"/{draft.slug}/") for loc in locations)


def test_robots_txt_points_to_the_sitemap(client, news):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
