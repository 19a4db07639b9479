"""Race fixtures: wiring only; data from the factories and the services."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import member_with_account, organiser_cast
from lantoa.race.tests.factories import race_approved


@dataclass
class People:
    officer: object  # officer of PV GAS, the organiser
    approver: object  # approver of PV GAS
    unit_officer: object  # officer of a grassroots union below (not the organiser)
    outsider: object  # officer of BSR, elsewhere


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(**organiser_cast(tree, "officer", "approver", "unit_officer", "outsider"))


@pytest.fixture
def race(tree: Tree):  # noqa: F811
    """Approved, organised by PV GAS, started ten days ago."""
    return race_approved(tree.parent)


@pytest.fixture
def runner(tree: Tree):  # noqa: F811
    """A member of CĐCS Khí Vũng Tàu with a member-area account."""
    return member_with_account(tree.unit, "Nguyễn Thị Lan", "doanvien-lan")


@pytest.fixture
def morning():
    """06:00 yesterday, Vietnam time, in UTC."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    local = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(6, 0)))
    return local.astimezone(dt.UTC)
