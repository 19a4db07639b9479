"""Public pages: archive, web edition, PDF, double opt-in; the bounce webhook."""

import base64
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lantoa.bulletin.choices import IssueState, SubscriberState
from lantoa.bulletin.models import ExternalSubscriber, Suppression
from lantoa.bulletin.selectors import subscriber_recipients
from lantoa.bulletin.tests.factories import ArticleFactory, IssueArticleFactory, IssueFactory
from lantoa.core.models import AuditLogEntry


@pytest.fixture
def sent(tree, bulletin):
    issue = IssueFactory(
        bulletin=bulletin, number=9, year=2023, title="Số đã gửi", state=IssueState.SENT
    )
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit, title="Tin đã phát hành"))
    return issue


def test_archive_lists_sent_issues_only(client, bulletin, sent):
    IssueFactory(bulletin=bulletin, number=10, year=2023, title="Số còn nháp")
    page = client.get(reverse("bulletin:archive", args=[bulletin.unit.slug])).content.decode()
    assert "Số 9/2023" in page
    assert "Số đã gửi" in page
    assert "Số còn nháp" not in page


def test_web_edition_and_pdf_of_a_sent_issue(client, bulletin, sent):
    web = client.get(reverse("bulletin:issue", args=[bulletin.unit.slug, 2023, 9]))
    assert web.status_code == 200
    assert "Tin đã phát hành" in web.content.decode()
    pdf = client.get(reverse("bulletin:issue_pdf", args=[bulletin.unit.slug, 2023, 9]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_draft_is_not_public(client, bulletin):
    IssueFactory(bulletin=bulletin, number=10, year=2023)
    assert (
        client.get(reverse("bulletin:issue", args=[bulletin.unit.slug, 2023, 10])).status_code
        == 404
    )
    assert (
        client.get(reverse("bulletin:issue_pdf", args=[bulletin.unit.slug, 2023, 10])).status_code
        == 404
    )


def test_double_opt_in(client, bulletin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bulletin:subscribe", args=[bulletin.unit.slug]),
            {"email": "Ban.Doc@Example.org", "name": "Bạn đọc"},
        )
    assert response.status_code == 200
    subscriber = ExternalSubscriber.objects.get()
    assert (subscriber.email, subscriber.state) == ("ban.doc@example.org", SubscriberState.PENDING)
    assert list(subscriber_recipients(bulletin)) == []
    (message,) = mail.outbox
    link = re.search(r"https://congdoan\.example\.vn(/ban-tin/xac-nhan/\S+/)", message.body).group(
        1
    )

    # Following the link (as a mail scanner does) only shows a button.
    page = client.get(link)
    assert page.status_code == 200
    assert "Xác nhận nhận bản tin</button>" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.PENDING
    assert not AuditLogEntry.objects.filter(action="bulletin.subscriber_confirm").exists()

    checked = Client(enforce_csrf_checks=True)
    page = checked.get(link)
    token = page.cookies["csrftoken"].value
    assert checked.post(link, {"csrfmiddlewaretoken": token}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.state == SubscriberState.CONFIRMED
    assert list(subscriber_recipients(bulletin)) == [subscriber]
    assert client.get(link[:-5] + "xxxx/").status_code == 400
    assert client.post(link[:-5] + "xxxx/").status_code == 400


def _basic(secret: str) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def test_subscribe_is_rate_limited_per_address(client, bulletin, settings):
    settings.LANTOA_SUBSCRIBE_RATE = "2/3600"
    url = reverse("bulletin:subscribe", args=[bulletin.unit.slug])
    for n in range(2):
        sent = client.post(url, {"email": f"ban{n}@example.org"}, REMOTE_ADDR="203.0.113.7")
        assert sent.status_code == 200
    refused = client.post(url, {"email": "ban9@example.org"}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert "quá nhiều yêu cầu" in refused.content.decode()
    assert not ExternalSubscriber.objects.filter(email="ban9@example.org").exists()
    other = client.post(url, {"email": "ban9@example.org"}, REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 200
    assert ExternalSubscriber.objects.filter(email="ban9@example.org").exists()


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1}, "hard_bounce"),
        ({"RecordType": "SpamComplaint", "Type": "SpamComplaint", "TypeCode": 512}, "complaint"),
        ({"RecordType": "Bounce", "Type": "Transient", "TypeCode": 2}, None),  # deferred
    ],
)
def test_anymail_tracking_webhook_feeds_the_suppression_list(client, settings, db, record, reason):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "lantoa:webhook-secret"}
    payload = {
        **record,
        "ID": 42,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": "Hong@Example.org",
        "Description": "The server was unable to deliver your message",
        "BouncedAt": "2023-10-12T10:00:00Z",
        "Details": "smtp;550 5.1.1 user unknown",
        "Tag": "",
        "Metadata": {},
    }
    response = client.post(
        "/webhooks/anymail/postmark/tracking/",
        data=payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic("lantoa:webhook-secret"),
    )
    assert response.status_code == 200
    rows = list(Suppression.objects.values_list("email", "reason", "source"))
    assert rows == ([("hong@example.org", reason, "webhook:Postmark")] if reason else [])


def test_the_webhook_refuses_without_the_secret(client, settings, db):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "lantoa:webhook-secret"}
    response = client.post(
        "/webhooks/anymail/postmark/tracking/",
        data={"RecordType": "Bounce", "Type": "HardBounce", "Email": "x@example.org"},
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic("lantoa:wrong"),
    )
    assert response.status_code == 400
    assert Suppression.objects.count() == 0
