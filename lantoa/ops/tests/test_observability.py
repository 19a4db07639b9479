import io
import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families
from pythonjsonlogger.json import JsonFormatter

from lantoa.bulletin.choices import DeliveryState
from lantoa.bulletin.models import Delivery as EmailDelivery
from lantoa.bulletin.tests.factories import IssueFactory
from lantoa.channels.choices import DeliveryStatus, Platform
from lantoa.channels.models import Delivery
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.listening.choices import AlertKind, AlertState
from lantoa.listening.models import Alert
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.ops.logs import ContextFilter, request_id
from lantoa.org.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _task(queue: str = "default", *, age: float = 0, finished: bool = False) -> DBTaskResult:
    now = timezone.now()
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lantoa.core.events.events_sweep_task",
        queue_name=queue,
        backend_name="default",
        run_after=now - timedelta(seconds=1),
        status="SUCCESSFUL" if finished else "READY",
        finished_at=now if finished else None,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - timedelta(seconds=age))
    return task


def _seed():
    unit = OrgUnitFactory()
    post = PostFactory(unit=unit)
    tg = ChannelAccountFactory(unit=unit, platform=Platform.TELEGRAM_CHANNEL)
    fb = ChannelAccountFactory(unit=unit, platform=Platform.FACEBOOK_PAGE)
    tg2 = ChannelAccountFactory(unit=unit, platform=Platform.TELEGRAM_CHANNEL)
    Delivery.objects.create(post=post, account=tg, status=DeliveryStatus.SENT, marker="m1")
    Delivery.objects.create(post=post, account=tg2, status=DeliveryStatus.SENT, marker="m2")
    Delivery.objects.create(post=post, account=fb, status=DeliveryStatus.FAILED, marker="m3")
    issue = IssueFactory()
    for i, state in enumerate([DeliveryState.SENT] * 3 + [DeliveryState.FAILED]):
        EmailDelivery.objects.create(issue=issue, email=f"a{i}@example.vn", state=state)
    OpinionFactory(unit=unit)
    OpinionFactory.create_batch(2, unit=unit, analysed_at=None)
    OpinionFactory(unit=unit, analysed_at=None, analysis_error="model missing")
    now = timezone.now()
    for state in (AlertState.OPEN, AlertState.OPEN, AlertState.ESCALATED):
        Alert.objects.create(
            unit=unit,
            kind=AlertKind.choices[0][0],
            state=state,
            window_start=now - timedelta(hours=1),
            window_end=now,
            count=5,
            baseline_mean=1.0,
        )
    _task(age=120)
    _task(age=30)
    _task("mail", age=10)
    _task(finished=True, age=500)


def test_metrics_scrape_has_every_series(client):
    _seed()
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    s = _samples(response.content.decode())

    assert s[("lantoa_task_queue_depth", (("queue", "default"),))] == 2
    assert s[("lantoa_task_queue_depth", (("queue", "mail"),))] == 1
    assert 115 < s[("lantoa_task_queue_oldest_age_seconds", (("queue", "default"),))] < 200
    telegram = Platform.TELEGRAM_CHANNEL.value
    facebook = Platform.FACEBOOK_PAGE.value
    key = "lantoa_channel_deliveries"
    assert s[(key, (("platform", telegram), ("status", "sent")))] == 2
    assert s[(key, (("platform", facebook), ("status", "failed")))] == 1
    assert s[("lantoa_bulletin_emails", (("state", "sent"),))] == 3
    assert s[("lantoa_bulletin_emails", (("state", "failed"),))] == 1
    assert s[("lantoa_analysis_backlog", ())] == 2
    assert s[("lantoa_alerts", (("state", "open"),))] == 2
    assert s[("lantoa_alerts", (("state", "escalated"),))] == 1
    ok = (("method", "GET"), ("route", "healthz"), ("status", "2xx"))
    assert s[("lantoa_http_requests_total", ok)] >= 1
    assert s[("lantoa_http_request_duration_seconds_count", ok[:2])] >= 1


def test_metrics_are_internal_only(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403
    settings.LANTOA_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert right.status_code == 200
    assert b"lantoa_task_queue_depth" in right.content


def test_readyz_checks_database_cache_storage_and_worker(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.TASKS = DB_BACKEND
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["storage"] == "ok"
    assert body["checks"]["worker"].startswith("error:")

    _task(finished=True)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"].values()) == {"ok"}
    # The storage probe leaves nothing behind.
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_readyz_names_a_broken_storage(client, settings, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"].startswith("error:")


def test_request_id_is_answered_and_logged(client):
    given = client.get("/healthz", headers={"X-Request-ID": "lb-42.abc"})
    assert given["X-Request-ID"] == "lb-42.abc"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert made["X-Request-ID"] != "bad id\nwith newline"
    assert len(made["X-Request-ID"]) == 32

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s")
    )
    handler.addFilter(ContextFilter())
    token = request_id.set("req-1")
    try:
        record = logging.LogRecord(
            "lantoa.x", logging.WARNING, __file__, 1, "Xin chào %s", ("Hà",), None
        )
        handler.handle(record)
    finally:
        request_id.reset(token)
    line = json.loads(stream.getvalue())
    assert line["message"] == "Xin chào Hà"
    assert line["request_id"] == "req-1"
    assert line["task_id"] == ""


def test_task_id_reaches_the_log_context():
    """What the worker's signals carry: the task result (its id is the log's task_id)."""
    from lantoa.ops.logs import _task_finished, _task_started, task_id

    task = _task()
    _task_started(sender=None, task_result=task)
    assert task_id.get() == str(task.id)
    _task_finished(sender=None, task_result=task)
    assert task_id.get() == ""
