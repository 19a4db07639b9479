"""Events fixtures: wiring only; data from the factories and the services."""

from dataclasses import dataclass

import pytest

from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import member_with_account, organiser_cast


@dataclass
class People:
    officer: object  # officer of PV GAS, the organiser
    approver: object  # approver of PV GAS
    unit_officer: object  # officer of CĐCS Khí Vũng Tàu, below
    outsider: object  # officer of BSR, elsewhere


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(**organiser_cast(tree, "officer", "approver", "unit_officer", "outsider"))


@pytest.fixture
def member(tree: Tree):  # noqa: F811
    """A member of CĐCS Khí Vũng Tàu with a member-area account."""
    return member_with_account(tree.unit, "Nguyễn Thị Lan", "doanvien-lan")
