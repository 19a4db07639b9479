"""Crash test: real `db_worker` processes are killed in the middle of a send.

The fake platform stores the post, then waits before answering; the worker is
SIGKILLed in that window (intent recorded, platform has the post, answer
lost). After a restart every delivery ends published exactly once, as the
fake's log proves; where the platform cannot be searched (Telegram) the
crashed delivery is "uncertain" until a person confirms it — never resent.
"""

import time

import pytest
from django.db import close_old_connections

from devstack.fakes import FakeTelegram
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import Delivery
from lantoa.channels.services import outbox, posts
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.testing_processes import kill, start_worker, wait_for, worker_env
from lantoa.org.choices import Role
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _statuses() -> dict[str, int]:
    close_old_connections()
    counts: dict[str, int] = {}
    for status in Delivery.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_killed_worker_never_posts_twice(settings, tmp_path):
    settings.TASKS = DB_TASKS
    with FakeTelegram(faults={"answer_latency_ms": 1500}) as fake:
        unit = OrgUnitFactory(code="PVGAS")
        officer = RoleAssignmentFactory(unit=unit, role=Role.APPROVER).user
        account = ChannelAccountFactory(
            unit=unit,
            external_id=str(fake.DEFAULT_CHANNEL_ID),
            credentials={"bot_token": fake.DEFAULT_TOKEN},
        )
        deliveries = []
        for n in range(4):
            post = posts.post_create(
                actor=officer, unit=unit, text=f"Tin số {n}", link=f"https://cd.example.vn/{n}"
            )
            deliveries += posts.post_schedule(actor=officer, post=post, accounts=[account])
        env = worker_env({"LANTOA_TELEGRAM_API_URL": fake.base_url})
        log = tmp_path / "worker.log"

        worker = start_worker(env, log)
        try:
            # The platform has stored the first post but has not answered yet.
            wait_for(lambda: len(fake.posts.all()) >= 1, 60, "the first post to reach the fake")
            kill(worker)
        finally:
            kill(worker)
        assert _statuses().get(DeliveryStatus.SENDING) == 1, log.read_text()[-2000:]

        # Restart: the sweep settles the orphan; a new worker sends the rest.
        fake.faults.update({"answer_latency_ms": 0})
        assert outbox.deliveries_recover_stale(older_than_seconds=0) == 1
        worker = start_worker(env, log)
        try:
            wait_for(
                lambda: _statuses().get(DeliveryStatus.SENT, 0) == 3,
                90,
                "the other deliveries to be sent",
            )
        finally:
            kill(worker)

    close_old_connections()
    (uncertain,) = Delivery.objects.filter(status=DeliveryStatus.UNCERTAIN)
    assert uncertain.last_error_code == "worker_lost"
    texts = [p["text"] for p in fake.posts.all()]
    # Exactly one post per delivery on the platform: the crashed one was not resent.
    for delivery in Delivery.objects.all():
        assert sum(f"lt={delivery.marker}" in t for t in texts) == 1, (delivery, texts)
    assert len(texts) == 4
    # A person confirms the uncertain one; nothing more is posted.
    posts.delivery_resolve_uncertain(actor=officer, delivery=uncertain, was_posted=True)
    assert _statuses() == {DeliveryStatus.SENT: 4}
    assert len(fake.posts.all()) == 4


def test_outbox_worker_killed_before_recording_its_batch_never_posts_twice(settings, tmp_path):
    """An outbox worker records accepted calls in batches: killed after the
    platform answered but before the batch committed, it leaves the delivery
    "sending" with its attempt open, and it is settled as after any kill
    after the call (never resent blindly)."""
    settings.TASKS = DB_TASKS
    with FakeTelegram() as fake:
        unit = OrgUnitFactory(code="PVGAS")
        officer = RoleAssignmentFactory(unit=unit, role=Role.APPROVER).user
        accounts = []
        for n in range(3):
            chat_id = -1005000000000 - n
            fake.add_channel(chat_id, title=f"Kênh {n}")
            accounts.append(
                ChannelAccountFactory(
                    unit=unit,
                    external_id=str(chat_id),
                    credentials={"bot_token": fake.DEFAULT_TOKEN},
                )
            )
        post = posts.post_create(
            actor=officer, unit=unit, text="Tin", link="https://cd.example.vn/x"
        )
        deliveries = posts.post_schedule(actor=officer, post=post, accounts=accounts)
        env = worker_env(
            {"LANTOA_TELEGRAM_API_URL": fake.base_url, "LANTOA_OUTBOX_WORKERS": "true"}
        )
        log = tmp_path / "worker.log"
        # The recorder gathers a batch for 60 s: the answers arrive, nothing is recorded.
        command = ("outbox_worker", "--interval", "0.05", "--record-linger", "60")
        worker = start_worker(env, log, command)
        try:
            wait_for(lambda: len(fake.posts.all()) == 3, 60, "the posts to reach the fake")
            time.sleep(0.5)  # the answers are back in the worker
            kill(worker)
        finally:
            kill(worker)
        assert _statuses() == {DeliveryStatus.SENDING: 3}, log.read_text()[-2000:]

        assert outbox.deliveries_recover_stale(older_than_seconds=0) == 3
        worker = start_worker(env, log, ("outbox_worker", "--until-idle", "-v", "0"))
        try:
            worker.wait(timeout=60)
        finally:
            kill(worker)

    close_old_connections()
    assert _statuses() == {DeliveryStatus.UNCERTAIN: 3}
    texts = [p["text"] for p in fake.posts.all()]
    for delivery in deliveries:
        assert sum(f"lt={delivery.marker}" in t for t in texts) == 1, (delivery, texts)
