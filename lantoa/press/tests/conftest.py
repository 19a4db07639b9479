"""Press fixtures: wiring only, the data comes from factories."""

from dataclasses import dataclass

import pytest

from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import holder


@dataclass
class People:
    unit_officer: object  # officer of the grassroots union (writes releases)
    unit_approver: object  # approver of the grassroots union
    parent_approver: object  # approver one level up
    sibling_officer: object  # officer of the sibling union (out of scope)
    child_officer: object  # officer of the union group below the unit


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(
        unit_officer=holder("baochi.kvt", tree.unit, Role.OFFICER),
        unit_approver=holder("duyet.kvt", tree.unit, Role.APPROVER),
        parent_approver=holder("duyet.pvgas", tree.parent, Role.APPROVER),
        sibling_officer=holder("baochi.kcm", tree.sibling, Role.OFFICER),
        child_officer=holder("baochi.khocang", tree.child, Role.OFFICER),
    )
