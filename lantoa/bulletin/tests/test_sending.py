"""Sending: every recipient exactly once, through real SMTP on 127.0.0.1."""

import pytest
from django.core import mail
from django.utils import timezone

from devstack.smtp_sink import SinkHandler, SmtpSink
from lantoa.bulletin.choices import DeliveryState, IssueState
from lantoa.bulletin.models import Delivery
from lantoa.bulletin.selectors import send_progress
from lantoa.bulletin.services import issues, sending
from lantoa.bulletin.services.issues import IssueWrongState
from lantoa.bulletin.tests.factories import (
    ArticleFactory,
    ExternalSubscriberFactory,
    IssueArticleFactory,
    IssueFactory,
)
from lantoa.core.audit import AuditLogEntry
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.choices import Role
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory


@pytest.fixture
def approved(tree, bulletin, approver):
    issue = IssueFactory(bulletin=bulletin)
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit))
    return issues.issue_approve(actor=approver, issue=issue)


def _use(settings, sink):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def sink(settings, tmp_path):
    with SmtpSink(tmp_path / "mail") as sink:
        _use(settings, sink)
        yield sink


def _members(tree, n):
    return [MemberFactory(unit=tree.unit, email=f"dv{i}@pvgas.vn") for i in range(n)]


def test_prepare_writes_one_delivery_per_address_and_is_idempotent(
    tree, bulletin, approved, officer
):
    _members(tree, 3)
    MemberFactory(unit=tree.child, email="DV0@pvgas.vn")  # same address, another member
    ExternalSubscriberFactory(bulletin=bulletin, email="dv1@pvgas.vn")  # and a reader
    ExternalSubscriberFactory(bulletin=bulletin, email="ban.doc@example.org")
    sending.issue_send(actor=officer, issue=approved)

    assert sending.issue_prepare_recipients(issue_id=approved.pk) == 4
    assert sending.issue_prepare_recipients(issue_id=approved.pk) == 4
    assert sorted(Delivery.objects.values_list("email", flat=True)) == [
        "ban.doc@example.org",
        "dv0@pvgas.vn",
        "dv1@pvgas.vn",
        "dv2@pvgas.vn",
    ]
    approved.refresh_from_db()
    assert approved.recipients_total == 4
    assert Delivery.objects.get(email="dv1@pvgas.vn").member is not None  # members first


def test_send_through_smtp_reaches_each_recipient_once(
    tree, approved, officer, sink, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_BULLETIN_BATCH_SIZE = 4
    _members(tree, 10)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(actor=officer, issue=approved)
    approved.refresh_from_db()
    assert approved.state == IssueState.SENT
    stats = sink.handler.stats()
    assert stats["stored_by_recipient"] == {f"dv{i}@pvgas.vn": 1 for i in range(10)}
    assert stats["duplicates"] == 0
    progress = send_progress(approved)
    assert (progress.total, progress.sent, progress.failed, progress.remaining) == (10, 10, 0, 0)
    entry = AuditLogEntry.objects.get(action="bulletin.issue_sent")
    assert entry.data == {"sent": 10, "failed": 0}


class RefusingHandler(SinkHandler):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_address_fails_alone(
    tree, approved, officer, settings, django_capture_on_commit_callbacks
):
    handler = RefusingHandler(None)
    _members(tree, 2)
    MemberFactory(unit=tree.unit, email="nobody@pvgas.vn")
    with SmtpSink(handler=handler) as sink, django_capture_on_commit_callbacks(execute=True):
        _use(settings, sink)
        sending.issue_send(actor=officer, issue=approved)
    failed = Delivery.objects.get(state=DeliveryState.FAILED)
    assert failed.email == "nobody@pvgas.vn"
    assert "550" in failed.error
    assert handler.stats()["stored_by_recipient"] == {"dv0@pvgas.vn": 1, "dv1@pvgas.vn": 1}
    approved.refresh_from_db()
    assert approved.state == IssueState.SENT


def test_a_dead_server_returns_the_batch_to_the_queue(tree, approved, officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    _members(tree, 3)
    sending.issue_send(actor=officer, issue=approved)
    sending.issue_prepare_recipients(issue_id=approved.pk)  # lanes are on-commit: not run here

    result = sending.deliveries_send_batch(issue=approved)
    assert (result.claimed, result.sent, result.failed, result.returned) == (3, 0, 0, 3)
    assert set(Delivery.objects.values_list("state", "attempts")) == {(DeliveryState.PENDING, 1)}


def test_recover_puts_a_dead_workers_claims_back_and_resumes(
    tree, approved, officer, sink, django_capture_on_commit_callbacks
):
    _members(tree, 6)
    sending.issue_send(actor=officer, issue=approved)
    sending.issue_prepare_recipients(issue_id=approved.pk)
    # A worker claimed two deliveries, sent one of them, then died.
    first, second = Delivery.objects.order_by("id")[:2]
    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(
        state=DeliveryState.SENDING, claimed_at=timezone.now()
    )
    from lantoa.bulletin.services.email import build_message, issue_email_template

    message = build_message(
        issue_email_template(approved),
        email=first.email,
        name=first.name,
        member_id=first.member_id,
    )
    message.send()  # it reached the server; the worker died before recording it

    assert sending.issues_send_recover(older_than_seconds=3600) == 0  # heartbeat is fresh
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.issues_send_recover(older_than_seconds=0) == 2
    approved.refresh_from_db()
    assert approved.state == IssueState.SENT
    stats = sink.handler.stats()
    # Every recipient is stored once; the in-doubt message arrived twice, same Message-ID.
    assert stats["stored_by_recipient"] == {f"dv{i}@pvgas.vn": 1 for i in range(6)}
    assert stats["duplicates"] == 1
    assert stats["received_by_recipient"][first.email] == 2


def test_only_an_approved_issue_is_sent_and_only_by_the_units_officers(
    tree, bulletin, approved, django_capture_on_commit_callbacks
):
    outsider = RoleAssignmentFactory(unit=tree.uncle, role=Role.OFFICER).user
    with pytest.raises(PermissionDenied):
        sending.issue_send(actor=outsider, issue=approved)
    draft = IssueFactory(bulletin=bulletin)
    insider = RoleAssignmentFactory(unit=tree.root, role=Role.OFFICER).user
    with pytest.raises(IssueWrongState):
        sending.issue_send(actor=insider, issue=draft)
    assert not AuditLogEntry.objects.filter(action="bulletin.issue_send").exists()
    assert Delivery.objects.count() == 0
    assert mail.outbox == []
