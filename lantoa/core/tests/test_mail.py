"""Notification e-mail goes out from the task worker after commit; a mail
server that is down never fails the work that queued the message."""

import socket

import pytest
from django.core import mail as outbox
from django.db import transaction
from django_tasks.base import TaskResultStatus

from lantoa.core.mail import mail, mail_after_commit
from lantoa.core.tasks import mail_send_task

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_commit_and_everything_after(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        mail_after_commit(
            [
                mail("Nhắc hạn", "Còn 2 ngày.", ["a@example.org", "b@example.org"]),
                mail("Không ai nhận", "…", []),
                mail("Có HTML", "chữ", ["c@example.org"], html="<p>chữ</p>"),
            ]
        )
        assert outbox.outbox == []
    assert len(callbacks) == 1
    assert [(m.subject, m.to) for m in outbox.outbox] == [
        ("Nhắc hạn", ["a@example.org", "b@example.org"]),
        ("Có HTML", ["c@example.org"]),
    ]
    assert outbox.outbox[1].alternatives[0][0] == "<p>chữ</p>"


def _queue_then_fail() -> None:
    with transaction.atomic():
        mail_after_commit([mail("Nhắc hạn", "…", ["a@example.org"])])
        raise RuntimeError


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _queue_then_fail()
    assert outbox.outbox == []


def test_a_mail_server_that_is_down_fails_the_task_not_the_caller(
    settings, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail_after_commit([mail("Nhắc hạn", "…", ["a@example.org"])])  # raises nothing
    assert len(callbacks) == 1
    result = mail_send_task.enqueue(messages=[mail("Nhắc hạn", "…", ["a@example.org"])])
    assert result.status == TaskResultStatus.FAILED
    assert "ConnectionRefusedError" in result.errors[0].exception_class_path


@pytest.mark.parametrize("html", ["", "<p>chữ</p>"])
def test_a_long_vietnamese_subject_decodes_without_a_leading_space(html):
    import email
    from email import policy

    from lantoa.core.mail import mail_send

    subject = (
        "[Lantoa] Chờ duyệt: bài đăng «Hội thao công nhân Khí Vũng Tàu 2026» của CĐCS Khí Vũng Tàu"
    )
    mail_send([mail(subject, "Nội dung", ["a@example.org"], html=html)])
    (sent,) = outbox.outbox
    raw = sent.message().as_bytes()
    assert raw.count(b"Subject: =?utf-8?") == 1  # the first encoded word on the Subject line
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == subject
