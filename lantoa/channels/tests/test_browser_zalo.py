"""Zalo in Chromium: the preview says what the send would say. A post
without an image, on a Zalo OA whose default cover answers 404, is shown
as refused on the preview; the officer fixes the cover in the channel's
settings (no token pasted again), the preview turns valid and the article
reaches the Zalo fake. axe on every admin screen visited."""

import re

import pytest

from lantoa.channels.choices import DeliveryStatus, Platform
from lantoa.channels.models import Delivery
from lantoa.channels.services import posts
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.channels.tests.test_browser_review import login, person, serious_violations
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

tree = org_conftest.tree


def test_a_broken_zalo_cover_shows_on_the_preview_and_is_fixed_in_the_settings(
    live_server, tree, page_factory, fake_zalo
):
    approver = person(tree.unit, Role.APPROVER, "duyet.kvt", "duyet@kvt.example.vn")
    broken = f"{fake_zalo.base_url}/_fake/anh-bia-cu.jpg"
    account = ChannelAccountFactory(
        unit=tree.unit,
        platform=Platform.ZALO_OA,
        name="Zalo Khí Vũng Tàu",
        external_id=fake_zalo.OA_ID,
        credentials={"access_token": fake_zalo.ACCESS_TOKEN, "cover_url": broken},
    )
    post = posts.post_create(
        actor=approver,
        unit=tree.unit,
        text="Hội thao công nhân 2026\r\nKhai mạc sáng thứ Bảy với 600 vận động viên.",
        link="https://congdoan.example.vn/tin/hoi-thao",
    )

    page = page_factory()
    login(page, live_server.url, "duyet.kvt")
    preview = f"{live_server.url}/admin/kenh-truyen-thong/bai-dang/inspect/{post.pk}/"
    page.goto(preview)
    card = page.locator(f"[data-channel='{account.public_id}']")
    assert "không mở được (HTTP 404)" in card.locator("[data-problems]").inner_text()
    page.wait_for_timeout(1500)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/admin/kenh-truyen-thong/kenh/inspect/{account.pk}/")
    page.get_by_role("link", name="Cài đặt kênh").click()
    page.wait_for_url(re.compile(r".*/kenh/settings/\d+/"))
    assert page.locator("#id_cover_url").input_value() == broken
    assert page.locator("input[name=token]").count() == 0
    page.wait_for_timeout(1500)
    assert serious_violations(page) == []
    page.fill("#id_cover_url", f"{fake_zalo.base_url}/_fake/cover.jpg")
    page.get_by_role("button", name="Lưu cài đặt").click()
    page.wait_for_url(re.compile(r".*/kenh/inspect/\d+/"))

    page.goto(preview)
    card = page.locator(f"[data-channel='{account.public_id}']")
    assert card.locator("[data-problems]").count() == 0
    assert "Hợp lệ với kênh này." in card.inner_text()
    page.locator(f"[data-channel='{account.public_id}'] input[name=channels]").check()
    page.get_by_role("button", name="Đăng", exact=True).click()
    page.wait_for_load_state("networkidle")

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    (article,) = fake_zalo.articles.values()
    assert article["cover"]["photo_url"] == f"{fake_zalo.base_url}/_fake/cover.jpg"
    assert article["title"] == "Hội thao công nhân 2026"
