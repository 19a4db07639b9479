"""Every absolute link of the public site starts with the site's public address
(LANTOA_BASE_URL, or the site's own setting), never with Wagtail's Site record
("localhost:80" on a fresh install) nor with the host a request named."""

import re

import feedparser
import pytest
from wagtail.models import Site

from lantoa.core import public_urls
from lantoa.core.models import PublicAddress
from lantoa.newsroom.tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://congdoandaukhi.example.vn"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.LANTOA_BASE_URL = PUBLIC
    public_urls.forget()
    yield
    public_urls.forget()


def _absolute_links(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text)) - {
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        "http://www.w3.org/2005/Atom",
        "http://www.w3.org/1999/xhtml",
        "https://schema.org",
    }


def test_out_of_the_box_address_is_what_make_run_serves(settings):
    from lantoa.settings.env import env

    assert env.str("LANTOA_BASE_URL", default="http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    settings.LANTOA_BASE_URL = "http://127.0.0.1:8000"
    public_urls.forget()
    assert public_urls.public_base_url() == "http://127.0.0.1:8000"


def test_page_feed_sitemap_and_robots_links_use_the_public_address(client, news):
    news.article.hero_image = ImageFactory()
    news.article.save_revision().publish()

    assert news.article.get_full_url() == f"{PUBLIC}/tuyen-giao/dai-hoi-thanh-cong/"
    pages = [
        client.get(news.article.url, HTTP_HOST="127.0.0.1"),
        client.get("/rss/", HTTP_HOST="127.0.0.1"),
        client.get("/atom/", HTTP_HOST="127.0.0.1"),
        client.get("/sitemap.xml", HTTP_HOST="127.0.0.1"),
        client.get("/sitemap-pages.xml", HTTP_HOST="127.0.0.1"),
        client.get("/robots.txt", HTTP_HOST="127.0.0.1"),
    ]

    for response in pages:
        assert response.status_code == 200
        links = _absolute_links(response.content.decode())
        assert links, response.request["PATH_INFO"]
        strays = {link for link in links if not link.startswith(f"{PUBLIC}/")}
        assert strays == set(), response.request["PATH_INFO"]
    html = pages[0].content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}/tuyen-giao/dai-hoi-thanh-cong/">' in html
    assert f'<meta property="og:url" content="{PUBLIC}/tuyen-giao/dai-hoi-thanh-cong/">' in html
    assert re.search(rf'<meta property="og:image" content="{PUBLIC}/media/images/', html)
    feed = feedparser.parse(pages[1].content)
    assert feed.feed.link == f"{PUBLIC}/"
    assert f"{PUBLIC}/tuyen-giao/dai-hoi-thanh-cong/" in [e.link for e in feed.entries]
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in pages[5].content.decode().splitlines()


def test_a_site_setting_overrides_the_environment(client, news):
    site = Site.objects.get(is_default_site=True)
    PublicAddress.objects.create(site=site, base_url="https://tuyengiao.example.vn/")

    assert (
        news.article.get_full_url() == "https://tuyengiao.example.vn/tuyen-giao/dai-hoi-thanh-cong/"
    )
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://tuyengiao.example.vn/sitemap.xml" in robots.splitlines()


def test_the_setting_is_forgotten_when_changed(news):
    site = Site.objects.get(is_default_site=True)
    address = PublicAddress.objects.create(site=site, base_url="https://mot.example.vn")
    assert public_urls.public_base_url() == "https://mot.example.vn"

    address.base_url = "https://hai.example.vn"
    address.save()

    assert public_urls.public_base_url(site.pk) == "https://hai.example.vn"
