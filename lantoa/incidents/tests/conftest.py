"""Incidents fixtures: wiring only, the data comes from factories."""

from dataclasses import dataclass

import pytest

from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import holder


@dataclass
class People:
    unit_officer: object  # officer of the grassroots union where incidents happen
    unit_approver: object
    parent_officer: object  # officer one level up (escalations go there)
    parent_approver: object
    root_officer: object  # officer of the industry union (sees the whole tree)
    sibling_officer: object  # officer of the sibling union (out of scope)


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(
        unit_officer=holder("tuyengiao.kvt", tree.unit, Role.OFFICER),
        unit_approver=holder("duyet.kvt", tree.unit, Role.APPROVER),
        parent_officer=holder("tuyengiao.pvgas", tree.parent, Role.OFFICER),
        parent_approver=holder("duyet.pvgas", tree.parent, Role.APPROVER),
        root_officer=holder("tuyengiao.dkvn", tree.root, Role.OFFICER),
        sibling_officer=holder("tuyengiao.kcm", tree.sibling, Role.OFFICER),
    )


@pytest.fixture
def public_posts():
    from devstack.fakes.publicposts import FakePublicPosts

    with FakePublicPosts() as fake:
        yield fake
