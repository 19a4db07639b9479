"""The approver's path for a post, in Chromium: an officer composes and
submits, the unit's approver is e-mailed, follows the link, and approves;
only then does the post reach the channel. axe on every screen visited."""

import re

import pytest
from django.core import mail

from devstack.fakes import FakeTelegram
from lantoa.channels.choices import PostStatus
from lantoa.channels.models import Delivery, Post
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import staff_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

tree = org_conftest.tree
PASSWORD = "test-password-123"


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(1500)  # let the admin's messages finish fading in
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def person(unit, role, username, email):
    return staff_user(unit, role, username=username, email=email)


def test_an_officers_post_reaches_the_channel_only_after_the_approver_approves(
    live_server, tree, page_factory, fake_telegram
):
    person(tree.unit, Role.OFFICER, "tuyengiao.kvt", "tuyengiao@kvt.example.vn")
    person(tree.unit, Role.APPROVER, "duyet.kvt", "duyet@kvt.example.vn")
    channel = ChannelAccountFactory(
        unit=tree.unit,
        name="Kênh Khí Vũng Tàu",
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},
    )
    text = "Hội thao công nhân Khí Vũng Tàu khai mạc sáng thứ Bảy"

    writer = page_factory()
    login(writer, live_server.url, "tuyengiao.kvt")
    writer.goto(f"{live_server.url}/admin/kenh-truyen-thong/bai-dang/new/")
    writer.select_option("#id_unit", value=tree.unit.code)
    writer.fill("#id_text", text)
    writer.get_by_label(re.compile("Kênh Khí Vũng Tàu")).check()
    writer.get_by_role("button", name="Lưu nháp và xem trước").click()
    writer.wait_for_url(re.compile(r".*/bai-dang/inspect/\d+/.*"))
    assert writer.get_by_role("button", name="Đăng", exact=True).count() == 0
    assert serious_violations(writer) == []
    writer.get_by_role("button", name="Gửi duyệt").click()
    writer.wait_for_load_state("networkidle")
    assert "Bài đăng đang chờ người duyệt của đơn vị." in writer.content()
    post = Post.objects.get()
    assert (post.status, Delivery.objects.count()) == (PostStatus.SUBMITTED, 0)
    assert fake_telegram.posts.all(include_deleted=False) == []

    (notice,) = [m for m in mail.outbox if m.to == ["duyet@kvt.example.vn"]]
    link = re.search(r"https?://\S+/admin/kenh-truyen-thong/bai-dang/inspect/\d+/", notice.body)
    assert link is not None
    path = link.group(0).split("/admin/", 1)[1]

    reviewer = page_factory()
    login(reviewer, live_server.url, "duyet.kvt")
    reviewer.goto(f"{live_server.url}/admin/{path}")
    assert reviewer.get_by_text(text).count() >= 1
    assert reviewer.get_by_label(re.compile("Kênh Khí Vũng Tàu")).is_checked()
    assert serious_violations(reviewer) == []
    reviewer.fill("#id_comment", "Đồng ý, đăng ngay.")
    reviewer.get_by_role("button", name="Duyệt và đăng").click()
    reviewer.wait_for_load_state("networkidle")

    post.refresh_from_db()
    delivery = Delivery.objects.get()
    assert (post.status, post.review_comment, delivery.account) == (
        PostStatus.APPROVED,
        "Đồng ý, đăng ngay.",
        channel,
    )
    assert reviewer.locator("[data-post-status=approved]").count() == 1
    assert [p["text"] for p in fake_telegram.posts.all(include_deleted=False)] == [text]
    assert [m.to for m in mail.outbox if "Đã duyệt" in m.subject] == [["tuyengiao@kvt.example.vn"]]
