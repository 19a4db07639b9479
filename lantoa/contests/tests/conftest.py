"""Photo contest fixtures: wiring only; data from the factories and the services."""

from dataclasses import dataclass

import pytest

from lantoa.contests.tests.factories import contest_approved
from lantoa.org.choices import Role
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory


@dataclass
class People:
    officer: object  # officer of PV GAS, the organiser
    approver: object  # approver of PV GAS
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
        outsider=holder("tuyengiao.bsr", tree.uncle, Role.OFFICER),
    )


def member_with_account(unit, name, username):
    return MemberFactory(unit=unit, full_name=name, user=UserFactory(username=username))


@pytest.fixture
def contest(tree: Tree):  # noqa: F811
    """Approved, organised by PV GAS, photos and votes open."""
    return contest_approved(tree.parent)


@pytest.fixture
def author(tree: Tree):  # noqa: F811
    """A photographer of CĐCS Khí Vũng Tàu."""
    return member_with_account(tree.unit, "Nguyễn Thị Lan", "doanvien-lan")


@pytest.fixture
def sibling_author(tree: Tree):  # noqa: F811
    """A photographer of CĐCS Khí Cà Mau."""
    return member_with_account(tree.sibling, "Phạm Văn Đức", "doanvien-duc")


@pytest.fixture
def juror_kvt(tree: Tree):  # noqa: F811
    """A member of Khí Vũng Tàu who sits on juries."""
    return member_with_account(tree.unit, "Lê Minh Tâm", "giamkhao-tam")
