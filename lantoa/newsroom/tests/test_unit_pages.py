"""A unit's public pages find each other: the unit directory links every unit's
news site and bulletin archive; a site's menu links its bulletin; the bulletin
archive wears the site's masthead and menu (the union's name, not Lantoa)."""

import re

import pytest

from lantoa.bulletin.tests.factories import BulletinFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(news):
    return BulletinFactory(unit=news.tree.root, name="Bản tin Công đoàn Dầu khí")


def test_the_unit_directory_links_sites_and_bulletins(client, news, bulletin):
    html = client.get("/don-vi/").content.decode()

    assert f'<a href="/">{news.tree.root.name}</a>' in html
    assert f'<a href="{news.parent_home.url}">{news.tree.parent.name}</a>' in html
    assert f'<a href="/ban-tin/{news.tree.root.slug}/">Bản tin</a>' in html
    # A unit without a site is listed without a link.
    assert f"<strong>{news.tree.uncle.name}</strong>" in html


def test_a_site_links_its_units_bulletin(client, news, bulletin):
    home = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)

    assert f'<a href="/ban-tin/{news.tree.root.slug}/">Bản tin</a>' in nav
    unit_site = client.get(news.unit_home.url).content.decode()
    assert "/ban-tin/" not in unit_site  # that unit publishes no bulletin


def test_the_bulletin_archive_wears_the_sites_masthead_and_menu(client, news, bulletin):
    IssueFactory(bulletin=bulletin, state="sent", number=1, year=2026)

    html = client.get(f"/ban-tin/{news.tree.root.slug}/").content.decode()

    masthead = re.search(r'<p class="site-name"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert news.root_home.title in masthead
    assert "Lantoa" not in masthead
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert f'<a href="{news.section.url}">{news.section.title}</a>' in nav
    assert 'aria-current="page">Bản tin</a>' in nav
    assert "bulletin/web.css" in html
    assert "newsroom/site.css" in html
