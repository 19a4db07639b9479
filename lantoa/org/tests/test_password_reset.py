"""The admin's "forgot your password" form: the same answer and the same
request-side work for a known and an unknown address (both enqueue the mail
task; only the worker reads accounts), and a limit per address and per client
address with a Vietnamese message."""

import re
from functools import partial

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.services import password_reset_request
from lantoa.org.tasks import password_reset_mail_task
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/password_reset/"
LIMITED = "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần."


@pytest.fixture(autouse=True)
def _fresh_counters():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(tree):
    user = UserFactory(username="tuyengiao.pvgas", email="tuyengiao@pvgas.example.vn")
    RoleAssignmentFactory(user=user, unit=tree.parent, role=Role.OFFICER)
    return user


def _ask(client, email, *, address="203.0.113.7"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_known_and_unknown_addresses_get_the_same_answer_and_work(
    client, officer, settings, django_capture_on_commit_callbacks
):
    answers, callbacks, queries = [], [], []
    for email in ("tuyengiao@pvgas.example.vn", "khong.co.ai@example.vn"):
        with (
            django_capture_on_commit_callbacks() as captured,
            CaptureQueriesContext(connection) as seen,
        ):
            response = _ask(client, email)
        answers.append((response.status_code, response["Location"]))
        callbacks.append(captured)
        queries.append(seen.captured_queries)

    assert answers == [(302, "/admin/password_reset/done/")] * 2
    # Both paths enqueue exactly the mail task, with the address as typed.
    for captured, email in zip(
        callbacks, ("tuyengiao@pvgas.example.vn", "khong.co.ai@example.vn"), strict=True
    ):
        assert len(captured) == 1
        assert isinstance(captured[0], partial)
        assert captured[0].func == password_reset_mail_task.enqueue
        assert captured[0].keywords == {"email": email}
    # The request reads no account: it runs the same queries (none on users).
    assert len(queries[0]) == len(queries[1])
    assert not [q for q in queries[0] + queries[1] if "auth_user" in q["sql"]]
    assert mail.outbox == []

    # The worker mails the known address only, with a link on the public URL.
    for captured in callbacks:
        captured[0]()
    assert [m.to for m in mail.outbox] == [["tuyengiao@pvgas.example.vn"]]
    body = mail.outbox[0].body
    assert "Vui lòng nhấn vào liên kết dưới đây để đặt lại mật khẩu:" in body
    # The link is on the configured public URL, not on the request's Host.
    assert settings.WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8000"
    link = re.search(r"http://127\.0\.0\.1:8000/admin/password_reset/confirm/\S+/\S+/", body)
    assert link is not None
    assert client.get(link.group(0).removeprefix("http://127.0.0.1:8000")).status_code == 302
    entry = AuditLogEntry.objects.get(action="org.password_reset_send")
    assert (entry.actor_name, entry.target_id, entry.unit_path) == (
        "org.password_reset",
        str(officer.pk),
        officer_unit_path(officer),
    )


def officer_unit_path(user):
    from lantoa.org.models import RoleAssignment

    return RoleAssignment.objects.get(user=user).unit.path


def test_eight_resets_in_a_row_send_at_most_the_limit(
    client, officer, settings, django_capture_on_commit_callbacks
):
    assert settings.LANTOA_PASSWORD_RESET_RATE == "3/3600"
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask(client, "tuyengiao@pvgas.example.vn") for _ in range(8)]

    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429, 429, 429, 429]
    assert len(mail.outbox) == 3
    limited = answers[3].content.decode()
    assert LIMITED in limited
    assert AuditLogEntry.objects.filter(action="org.password_reset_send").count() == 3


def test_an_unknown_address_is_limited_alike(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as captured:
        answers = [_ask(client, "khong.co.ai@example.vn") for _ in range(5)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len(captured) == 3
    assert mail.outbox == []


def test_one_client_is_limited_across_addresses(
    client, officer, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_PASSWORD_RESET_CLIENT_RATE = "5/3600"
    emails = [f"nguoi{i}@example.vn" for i in range(7)] + ["tuyengiao@pvgas.example.vn"]
    with django_capture_on_commit_callbacks(execute=True) as captured:
        answers = [_ask(client, email) for email in emails]
    assert [a.status_code for a in answers] == [302] * 5 + [429] * 3
    assert len(captured) == 5
    assert mail.outbox == []  # the officer asked eighth, over the limit
    # Another client is counted apart.
    with django_capture_on_commit_callbacks(execute=True):
        other = _ask(client, "tuyengiao@pvgas.example.vn", address="198.51.100.9")
    assert other.status_code == 302
    assert [m.to for m in mail.outbox] == [["tuyengiao@pvgas.example.vn"]]


def test_the_service_reads_nothing(officer, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    for email in ("tuyengiao@pvgas.example.vn", "khong.co.ai@example.vn"):
        with django_assert_num_queries(0):
            password_reset_request(actor=AnonymousUser(), email=email, client_key="192.0.2.1")


def test_an_inactive_or_passwordless_account_gets_no_mail(tree, django_capture_on_commit_callbacks):
    UserFactory(username="nghi", email="nghi@example.vn", is_active=False)
    no_password = UserFactory(username="khong-mat-khau", email="doanvien@example.vn")
    no_password.set_unusable_password()
    no_password.save()
    password_reset_mail_task.enqueue(email="nghi@example.vn")
    password_reset_mail_task.enqueue(email="doanvien@example.vn")
    assert mail.outbox == []
    assert not AuditLogEntry.objects.filter(action="org.password_reset_send").exists()
