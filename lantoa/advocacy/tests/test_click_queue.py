"""Clicks through the Redis queue: each stored exactly once, even when a
drain dies after storing and before trimming the queue."""

import uuid

import pytest

from lantoa.advocacy import clicks, services
from lantoa.advocacy.models import Click
from lantoa.advocacy.tests.conftest import BROWSER
from lantoa.advocacy.tests.factories import ambassador, kit_published
from lantoa.core.testing import redis_cache_client

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture
def redis_queue(settings, monkeypatch):
    redis_cache_client()  # skips (locally) or fails (in CI) without Redis
    settings.LANTOA_ADVOCACY_CLICK_QUEUE = REDIS_URL
    # Keys of this test only: parallel workers share the Redis database.
    prefix = f"lantoa-test-{uuid.uuid4().hex}"
    monkeypatch.setattr(clicks, "QUEUE_KEY", f"{prefix}:clicks")
    monkeypatch.setattr(clicks, "DRAIN_LOCK", f"{prefix}:drain")
    redis = clicks.queue()
    yield redis
    redis.delete(clicks.QUEUE_KEY, clicks.DRAIN_LOCK)


def test_queued_clicks_are_stored_once_even_when_a_drain_repeats(tree, redis_queue):
    kit = kit_published(tree.unit)
    link = services.link_for(ambassador=ambassador(tree.unit), kit=kit, network="facebook")
    meta = {"REQUEST_METHOD": "GET", "HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "1.2.3.4"}
    for _ in range(25):
        assert clicks.click_record(link_id=link.pk, meta=meta)
    assert Click.objects.count() == 0
    raw = redis_queue.lrange(clicks.QUEUE_KEY, 0, -1)
    assert len(raw) == 25
    assert clicks.clicks_drain(batch=10) == 25
    assert Click.objects.count() == 25
    assert redis_queue.llen(clicks.QUEUE_KEY) == 0
    # A drain that died after its commit leaves its records in the queue: the
    # next one reads them again and stores nothing twice.
    redis_queue.rpush(clicks.QUEUE_KEY, *raw[:10])
    assert clicks.clicks_drain() == 10
    assert Click.objects.count() == 25


def test_only_one_drain_runs_at_a_time(tree, redis_queue):
    redis_queue.set(clicks.DRAIN_LOCK, "1")
    redis_queue.rpush(clicks.QUEUE_KEY, b"k|1|2026-12-07|v|0")
    assert clicks.clicks_drain() == 0
    assert redis_queue.llen(clicks.QUEUE_KEY) == 1
