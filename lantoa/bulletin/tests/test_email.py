"""Acceptance: the e-mail edition, parsed with Python's `email` package."""

import email
import re
from email import policy
from urllib.parse import urlsplit

import pytest
from django.core import mail
from wagtail.models import Site
from wagtail.rich_text import RichText

from lantoa.bulletin.choices import DeliveryState, IssueState
from lantoa.bulletin.models import Delivery, MemberOptOut, message_id_for
from lantoa.bulletin.services import issues, sending
from lantoa.bulletin.tests.factories import ArticleFactory, IssueArticleFactory, IssueFactory
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests.factories import MemberFactory


@pytest.fixture
def sent_issue(tree, bulletin, officer, approver, django_capture_on_commit_callbacks):
    issue = IssueFactory(
        bulletin=bulletin, number=10, year=2023, title="Đoàn kết, sáng tạo, vượt khó"
    )
    IssueArticleFactory(
        issue=issue,
        section="Thời sự công đoàn",
        page=ArticleFactory(
            unit=tree.unit,
            title="Hội nghị người lao động Khí Vũng Tàu",
            body=[("text", RichText("<p>Nội dung hội nghị.</p>"))],
        ),
    )
    IssueArticleFactory(issue=issue, section="", page=ArticleFactory(unit=tree.parent))
    MemberFactory(unit=tree.unit, full_name="Nguyễn Thị Hạnh", email="hanh@pvgas.vn")
    MemberFactory(unit=tree.child, full_name="Trần Văn Đức", email="duc@pvgas.vn")
    with django_capture_on_commit_callbacks(execute=True):
        issues.issue_approve(actor=approver, issue=issue)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(actor=officer, issue=issue)
    issue.refresh_from_db()
    return issue


def _parsed(to: str):
    (message,) = [m for m in mail.outbox if to in m.to[0]]
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_every_member_gets_one_personalised_message_with_both_parts(sent_issue):
    assert sent_issue.state == IssueState.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["duc@pvgas.vn", "hanh@pvgas.vn"]
    parsed = _parsed("hanh@pvgas.vn")
    assert parsed["To"].addresses[0].display_name == "Nguyễn Thị Hạnh"
    assert parsed["To"].addresses[0].addr_spec == "hanh@pvgas.vn"
    assert parsed["List-Id"] == f"<{sent_issue.bulletin.unit.slug}.bulletin.lantoa>"
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Kính gửi Nguyễn Thị Hạnh," in text
    assert "Kính gửi Nguyễn Thị Hạnh," in html
    assert "Hội nghị người lao động Khí Vũng Tàu" in text
    assert "Hội nghị người lao động Khí Vũng Tàu" in html
    # Folded with the first encoded word on the Subject line: no leading space once decoded.
    assert (
        parsed["Subject"] == "Bản tin Công đoàn PV GAS — Số 10/2023: Đoàn kết, sáng tạo, vượt khó"
    )
    web = f"https://congdoan.example.vn/ban-tin/{sent_issue.bulletin.unit.slug}/2023/10/"
    assert f"Xem bản tin trên trình duyệt: {web}" in text
    assert f'<a href="{web}" style="color:#666666;">Xem bản tin trên trình duyệt</a>' in html
    assert parsed["Message-ID"] == message_id_for(sent_issue.public_id, "hanh@pvgas.vn")
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_unsubscribe_headers_and_one_click_post(sent_issue, client):
    parsed = _parsed("duc@pvgas.vn")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (url,) = re.fullmatch(r"<(https://[^>]+)>", parsed["List-Unsubscribe"].strip()).groups()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{url}" style="color:#666666;">Hủy nhận bản tin này</a>' in html
    # RFC 8058: the provider POSTs "List-Unsubscribe=One-Click", no cookie, no CSRF token.
    response = client.post(
        urlsplit(url).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    opt_out = MemberOptOut.objects.get()
    assert opt_out.member.email == "duc@pvgas.vn"
    assert opt_out.bulletin == sent_issue.bulletin
    entry = AuditLogEntry.objects.get(action="bulletin.subscriber_unsubscribe")
    assert entry.data == {"bulletin": sent_issue.bulletin.pk, "via": "one_click"}
    # A second POST changes nothing.
    client.post(
        urlsplit(url).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert MemberOptOut.objects.count() == 1


def test_a_get_of_the_unsubscribe_link_changes_nothing(sent_issue, client):
    url = re.search(r"<(https://[^>]+)>", _parsed("duc@pvgas.vn")["List-Unsubscribe"]).group(1)
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert "Xác nhận hủy nhận bản tin này" in response.content.decode()
    assert MemberOptOut.objects.count() == 0


def test_preferences_link_lists_and_changes_the_bulletins(sent_issue, client):
    text = _parsed("hanh@pvgas.vn").get_body(preferencelist=("plain",)).get_content()
    url = re.search(r"Tùy chọn nhận bản tin: (\S+)", text).group(1)
    path = urlsplit(url).path
    page = client.get(path).content.decode()
    assert "Bản tin Công đoàn PV GAS" in page
    assert f'value="{sent_issue.bulletin.pk}" checked' in page

    response = client.post(path, {})  # nothing ticked
    assert response.status_code == 200
    assert MemberOptOut.objects.get().member.email == "hanh@pvgas.vn"
    client.post(path, {"bulletin": [str(sent_issue.bulletin.pk)]})
    assert MemberOptOut.objects.count() == 0


def test_a_tampered_token_is_refused(sent_issue, client):
    url = re.search(r"<(https://[^>]+)>", _parsed("duc@pvgas.vn")["List-Unsubscribe"]).group(1)
    path = urlsplit(url).path
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.post(
        tampered,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert MemberOptOut.objects.count() == 0


def test_test_send_goes_to_the_officer_only(
    tree, bulletin, officer, django_capture_on_commit_callbacks
):
    issue = IssueFactory(bulletin=bulletin)
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit))
    MemberFactory(unit=tree.unit)
    with django_capture_on_commit_callbacks(execute=True):
        address = sending.issue_test_send(actor=officer, issue=issue)
    assert address == officer.email
    (message,) = mail.outbox
    # Family name first: "Nguyễn Văn", never Django's "Văn Nguyễn".
    assert message.to == [f'"Nguyễn Văn" <{officer.email}>']
    assert "Kính gửi Nguyễn Văn," in message.body
    assert message.subject.startswith("[Gửi thử] ")
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed["Subject"] == f"[Gửi thử] {bulletin.name} — {issue.label}: {issue.title}"
    assert issue.deliveries.count() == 0
    issue.refresh_from_db()
    assert issue.state == IssueState.DRAFT


def test_names_are_escaped_in_html_and_kept_in_text(
    tree, bulletin, officer, approver, django_capture_on_commit_callbacks
):
    issue = IssueFactory(bulletin=bulletin)
    IssueArticleFactory(issue=issue, page=ArticleFactory(unit=tree.unit))
    MemberFactory(unit=tree.unit, full_name='Lê <Bình> & "Hà"', email="le@pvgas.vn")
    with django_capture_on_commit_callbacks(execute=True):
        issues.issue_approve(actor=approver, issue=issue)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(actor=officer, issue=issue)
    parsed = _parsed("le@pvgas.vn")
    assert 'Kính gửi Lê <Bình> & "Hà",' in parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Kính gửi Lê &lt;Bình&gt; &amp; &quot;Hà&quot;," in html
    assert parsed["To"].addresses[0].display_name == 'Lê <Bình> & "Hà"'


def test_every_link_of_the_e_mail_starts_with_the_public_address(
    tree, bulletin, officer, approver, django_capture_on_commit_callbacks
):
    # On a fresh install Wagtail's Site is "localhost:80": article links ("Đọc tiếp")
    # came out as http://localhost/… beside the bulletin's own links.
    home = Site.objects.get(is_default_site=True).root_page
    article = ArticleFactory(unit=tree.unit, parent=home, title="Hội nghị người lao động")
    issue = IssueFactory(bulletin=bulletin, number=11, year=2023)
    IssueArticleFactory(issue=issue, section="Thời sự công đoàn", page=article)
    MemberFactory(unit=tree.unit, full_name="Nguyễn Thị Hạnh", email="hanh@pvgas.vn")
    with django_capture_on_commit_callbacks(execute=True):
        issues.issue_approve(actor=approver, issue=issue)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(actor=officer, issue=issue)

    parsed = _parsed("hanh@pvgas.vn")
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()

    links = set(re.findall(r"https?://[^\s\"'<>]+", text + html)) - {"http://www.w3.org/1999/xhtml"}
    assert f"https://congdoan.example.vn{article.url}" in links
    assert {link for link in links if not link.startswith("https://congdoan.example.vn/")} == set()
