"""Campaigns fixtures: wiring only, the data comes from factories.

The org `tree` (root/parent/unit/child/grandchild/sibling/uncle) and the
newsroom's sites (`news`: root, parent, unit and sibling homes) are reused.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from lantoa.newsroom.tests.conftest import News, news  # noqa: F401
from lantoa.newsroom.tests.factories import SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import holder


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _wagtail_base_for_db_tests(request):
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("wagtail_base")


@dataclass
class People:
    """Who holds what in the tree (each with an e-mail address)."""

    root_approver: object  # approver of the industry union (sends directives)
    parent_officer: object  # officer of PV GAS
    unit_officer: object  # officer of the grassroots union (receives)
    sibling_officer: object  # officer of the sibling grassroots union
    child_officer: object  # officer of the union group below the unit


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(
        root_approver=holder("duyet.dkvn", tree.root, Role.APPROVER),
        parent_officer=holder("tuyengiao.pvgas", tree.parent, Role.OFFICER),
        unit_officer=holder("tuyengiao.kvt", tree.unit, Role.OFFICER),
        sibling_officer=holder("tuyengiao.kcm", tree.sibling, Role.OFFICER),
        child_officer=holder("tuyengiao.khocang", tree.child, Role.OFFICER),
    )


@pytest.fixture
def unit_section(news: News):  # noqa: F811
    """A section on the grassroots unit's own site, where adopted articles go."""
    return SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động", slug="tin-hoat-dong")
