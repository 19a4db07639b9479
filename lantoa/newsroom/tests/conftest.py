"""Newsroom fixtures: wiring only, the data comes from factories."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from wagtail.models import Site

from lantoa.newsroom.models import ArticlePage, SectionIndex, UnitSiteHome
from lantoa.newsroom.tests.factories import (
    ArticlePageFactory,
    SectionIndexFactory,
    UnitSiteHomeFactory,
)
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401 — the org tree fixture


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The page cache lives in the process's cache; each test starts empty."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class News:
    tree: Tree
    root_home: UnitSiteHome
    parent_home: UnitSiteHome
    sibling_home: UnitSiteHome
    unit_home: UnitSiteHome
    section: SectionIndex
    article: ArticlePage


@pytest.fixture
def news(tree: Tree, wagtail_base) -> News:  # noqa: F811
    """Sites for root (at "/"), parent, and both grassroots units under it."""
    root_home = UnitSiteHomeFactory(unit=tree.root, title="Công đoàn Dầu khí Việt Nam")
    site = Site.objects.get(is_default_site=True)
    site.root_page = root_home
    site.save()
    parent_home = UnitSiteHomeFactory(unit=tree.parent, parent=root_home)
    unit_home = UnitSiteHomeFactory(unit=tree.unit, parent=parent_home)
    sibling_home = UnitSiteHomeFactory(unit=tree.sibling, parent=parent_home)
    section = SectionIndexFactory(parent=root_home, title="Tuyên giáo các cấp", slug="tuyen-giao")
    article = ArticlePageFactory(
        parent=section,
        title="Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII thành công tốt đẹp",
        slug="dai-hoi-thanh-cong",
    )
    return News(tree, root_home, parent_home, sibling_home, unit_home, section, article)


@pytest.fixture(autouse=True)
def _wagtail_base_for_db_tests(request):
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("wagtail_base")
