"""Honours fixtures: wiring only."""

from dataclasses import dataclass

import pytest

from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import MemberFactory, UserFactory, holder


@dataclass
class Approvers:
    unit: object  # approver of CĐCS Khí Vũng Tàu
    parent: object  # approver of PV GAS
    root: object  # approver of CĐ DKVN, the organiser
    unit_officer: object  # officer of Khí Vũng Tàu


@pytest.fixture
def approvers(tree: Tree) -> Approvers:  # noqa: F811
    return Approvers(
        unit=holder("duyet.kvt", tree.unit, Role.APPROVER),
        parent=holder("duyet.pvgas", tree.parent, Role.APPROVER),
        root=holder("duyet.dkvn", tree.root, Role.APPROVER),
        unit_officer=holder("tuyengiao.kvt", tree.unit, Role.OFFICER),
    )


@pytest.fixture
def worker(tree: Tree):  # noqa: F811
    return MemberFactory(
        unit=tree.child, full_name="Trần Quốc Việt", user=UserFactory(username="viet")
    )
