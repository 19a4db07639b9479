"""Crash test: a real `db_worker` is SIGKILLed in the middle of a send.

The SMTP sink runs in the test on 127.0.0.1 and answers each message after
0.1 s, so the kill lands inside a batch: some of its messages have reached
the sink, none is recorded as sent. After the sweep and a restart, the sink
holds every recipient exactly once; the in-doubt messages arrived a second
time with the same Message-ID and were recognised as duplicates.
"""

import pytest
from django.db import close_old_connections

from devstack.smtp_sink import SinkHandler, SmtpSink
from lantoa.bulletin.choices import DeliveryState, IssueState
from lantoa.bulletin.models import Delivery, Issue
from lantoa.bulletin.services import issues, sending
from lantoa.bulletin.tests.factories import ArticleFactory, IssueArticleFactory, IssueFactory
from lantoa.core.testing_processes import kill, start_worker, wait_for, worker_env
from lantoa.org.tests.factories import MemberFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RECIPIENTS = 40
BATCH = 5


def _states() -> dict[str, int]:
    close_old_connections()
    counts: dict[str, int] = {}
    for state in Delivery.objects.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


def test_killed_sender_resumes_without_duplicates_or_gaps(
    settings, tmp_path, tree, bulletin, officer, approver
):
    settings.TASKS = DB_TASKS
    addresses = {f"doanvien{i:02d}@pvgas.vn" for i in range(RECIPIENTS)}
    for address in sorted(addresses):
        MemberFactory(unit=tree.unit, email=address)
    issue = IssueFactory(bulletin=bulletin)
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit))
    issue = issues.issue_approve(actor=approver, issue=issue)

    handler = SinkHandler(tmp_path / "mail", latency=0.1)
    with SmtpSink(handler=handler) as sink:
        env = worker_env(
            {
                "DJANGO_SETTINGS_MODULE": "lantoa.bulletin.tests.worker_settings",
                "EMAIL_URL": sink.url,
                "LANTOA_BULLETIN_BATCH_SIZE": str(BATCH),
                "LANTOA_BULLETIN_SEND_LANES": "1",
                "LANTOA_BULLETIN_MAX_PER_SECOND": "0",
            }
        )
        log = tmp_path / "worker.log"
        sending.issue_send(actor=officer, issue=issue)  # autocommit: enqueued at once
        worker = start_worker(env, log)
        try:
            # Kill in the middle of the third batch: 2 messages of it have arrived.
            try:
                wait_for(lambda: handler.received >= 2 * BATCH + 2, 120, "two batches and a half")
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{log.read_text()[-3000:]}") from None
            kill(worker)
        finally:
            kill(worker)
        states = _states()
        assert states.get(DeliveryState.SENDING) == BATCH, (states, log.read_text()[-3000:])
        assert states.get(DeliveryState.SENT) == 2 * BATCH
        in_doubt = handler.received - 2 * BATCH
        assert 2 <= in_doubt < BATCH

        # Restart: the sweep returns the dead worker's claims; a new worker finishes.
        assert sending.issues_send_recover(older_than_seconds=0) == BATCH
        worker = start_worker(env, log)
        try:
            wait_for(
                lambda: Issue.objects.get(pk=issue.pk).state == IssueState.SENT,
                120,
                "the issue to be sent",
            )
        finally:
            kill(worker)

    stats = handler.stats()
    assert stats["stored_by_recipient"] == dict.fromkeys(addresses, 1)
    assert stats["duplicates"] == in_doubt
    assert stats["received"] == RECIPIENTS + in_doubt
    assert _states() == {DeliveryState.SENT: RECIPIENTS}
    stored = list((tmp_path / "mail").glob("*.eml"))
    assert len(stored) == RECIPIENTS
