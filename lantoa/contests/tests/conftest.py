"""Photo contest fixtures: wiring only; data from the factories and the services."""

from dataclasses import dataclass

import pytest

from lantoa.contests.tests.factories import contest_approved
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import member_with_account, organiser_cast


@dataclass
class People:
    officer: object  # officer of PV GAS, the organiser
    approver: object  # approver of PV GAS
    outsider: object  # officer of BSR, elsewhere


@pytest.fixture
def people(tree: Tree) -> People:  # noqa: F811
    return People(**organiser_cast(tree, "officer", "approver", "outsider"))


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


VOTE_QUEUE_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def vote_queue_on(settings, monkeypatch):
    """Votes through the Redis vote queue (skips locally, fails in CI without
    Redis); this test's own keys, deleted afterwards. Yields the client."""
    import uuid

    from lantoa.contests import vote_queue
    from lantoa.core.testing import redis_cache_client

    redis_cache_client()
    settings.LANTOA_CONTESTS_VOTE_QUEUE = VOTE_QUEUE_URL
    prefix = f"lantoa-test-{uuid.uuid4().hex}"
    monkeypatch.setattr(vote_queue, "KEY_PREFIX", prefix)
    monkeypatch.setattr(vote_queue, "QUEUE_KEY", f"{prefix}:votes")
    monkeypatch.setattr(vote_queue, "DRAIN_LOCK", f"{prefix}:drain")
    client = vote_queue.queue()
    yield client
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
