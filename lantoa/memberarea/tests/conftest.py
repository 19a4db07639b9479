import pytest
from django.core.cache import cache

from lantoa.memberarea import sms
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401 — the org tree fixture
from lantoa.org.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _fresh_limits_and_outbox():
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def member(tree: Tree):  # noqa: F811
    return MemberFactory(
        unit=tree.unit,
        full_name="Nguyễn Thị Lan",
        phone="+84912345678",
        email="lan.nguyen@example.vn",
        employee_code="KVT-0001",
    )
