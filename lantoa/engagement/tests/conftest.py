"""Engagement fixtures: wiring only; data from the factories and the services."""

from dataclasses import dataclass

import pytest

from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory


@dataclass
class People:
    officer: object  # officer of PV GAS, the organiser
    approver: object  # approver of PV GAS
    unit_officer: object  # officer of CĐCS Khí Vũng Tàu, below
    sibling_officer: object  # officer of CĐCS Khí Cà Mau, beside it
    outsider: object  # officer of BSR, elsewhere


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    def holder(username, unit, role):
        user = UserFactory(username=username)
        RoleAssignmentFactory(user=user, unit=unit, role=role)
        return user

    return People(
        officer=holder("tuyengiao.pvgas", tree.parent, Role.OFFICER),
        approver=holder("duyet.pvgas", tree.parent, Role.APPROVER),
        unit_officer=holder("tuyengiao.kvt", tree.unit, Role.OFFICER),
        sibling_officer=holder("tuyengiao.kcm", tree.sibling, Role.OFFICER),
        outsider=holder("tuyengiao.bsr", tree.uncle, Role.OFFICER),
    )


@pytest.fixture
def member(tree: Tree):  # noqa: F811
    """A member of CĐCS Khí Vũng Tàu with a member-area account."""
    return MemberFactory(
        unit=tree.unit, full_name="Nguyễn Thị Lan", user=UserFactory(username="doanvien-lan")
    )


def member_at(unit, name: str):
    return MemberFactory(unit=unit, full_name=name, user=UserFactory())
