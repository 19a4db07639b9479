"""Acceptance in a real browser: on a phone, a member opens a share kit,
becomes an ambassador and copies their personal link; someone opens it and
the click shows on the unit board. An officer logs a clipping from an
outlet's feed and sees it in the campaign's press report."""

import re

import pytest
from django.urls import reverse

from devstack.fakes.pressfeeds import FakePressFeeds
from lantoa.advocacy.tests.conftest import BROWSER
from lantoa.advocacy.tests.factories import kit_published
from lantoa.campaigns.tests.factories import CampaignFactory
from lantoa.core import public_urls
from lantoa.memberarea import sms
from lantoa.memberarea.tests.helpers import last_texted_code
from lantoa.org.choices import Role, UnitKind
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import (
    MemberFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from lantoa.press.actors import FEEDS_POLL
from lantoa.press.services import outlets_feeds_read
from lantoa.press.tests.factories import OutletFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
PASSWORD = "test-password-123"


def test_a_member_shares_a_link_whose_click_shows_on_the_unit_board(
    live_server, page_factory, browser, settings
):
    settings.LANTOA_BASE_URL = live_server.url
    public_urls.forget()
    sms.outbox.clear()
    pvgas = OrgUnitFactory(kind=UnitKind.DIRECT_UNION, code="LT-PVGAS", name="Công đoàn PV GAS")
    kvt = OrgUnitFactory(parent=pvgas, code="LT-KVT", name="CĐCS Khí Vũng Tàu")
    OrgUnitFactory(parent=pvgas, code="LT-KCM", name="CĐCS Khí Cà Mau")
    MemberFactory(unit=kvt, full_name="Trần Văn Hùng", phone="+84987654321", email="")
    kit_published(pvgas, title="Hội thao công nhân Khí 2026", url=f"{live_server.url}/healthz")

    page = page_factory(**PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/thanh-vien/")
    page.fill("#id_identifier", "0987 654 321")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/dang-nhap/ma/")
    page.fill("#id_code", last_texted_code("+84987654321"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/")

    page.click("text=Hội thao công nhân Khí 2026")
    page.click("text=Tham gia làm đại sứ để nhận liên kết riêng")
    assert "Cảm ơn bạn đã tham gia" in page.locator(".ma-messages").inner_text()
    card = page.locator("#mang-copy")
    link = card.locator("input.adv-link").input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/l/[A-Za-z0-9]{{7}}", link)
    card.locator("button", has_text="Sao chép liên kết").click()
    page.wait_for_selector("#mang-copy.adv-shared")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Someone opens the link on their own phone: counted once, taken to the page.
    friend = browser.new_context(user_agent=BROWSER, viewport=PHONE)
    try:
        other = friend.new_page()
        other.goto(link)
        assert other.url.startswith(f"{live_server.url}/healthz?")
        assert "utm_medium=dai-su" in other.url
    finally:
        friend.close()

    page.goto(f"{live_server.url}{reverse('advocacy:boards')}")
    rows = page.locator(".adv-unit-board tbody tr")
    assert rows.first.locator("td").all_inner_texts() == [
        "1",
        "CĐCS Khí Vũng Tàu",
        "1",
        "1",
        "1",
        "3",
    ]
    assert page.locator(".adv-person-board tbody tr").first.locator("td").all_inner_texts() == [
        "1", "Trần Văn Hùng", "CĐCS Khí Vũng Tàu", "3",
    ]  # fmt: skip
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_officer_logs_a_clipping_from_a_feed_and_sees_it_in_the_campaign_report(
    live_server, page_factory
):
    pvgas = OrgUnitFactory(kind=UnitKind.DIRECT_UNION, code="LT-PVGAS", name="Công đoàn PV GAS")
    officer = UserFactory(username="baochi.pvgas")
    RoleAssignmentFactory(user=officer, unit=pvgas, role=Role.OFFICER)
    sync_admin_access(officer)
    campaign = CampaignFactory(unit=pvgas, name="Tháng Công nhân 2026")
    with FakePressFeeds() as feeds:
        OutletFactory(
            unit=pvgas, name="Báo Lao Động", feed_url=feeds.feed_url("laodong"), reach=90_000
        )
        feeds.add_item(
            "laodong",
            title="Công nhân PV GAS hưởng ứng Tháng Công nhân",
            link="https://laodong.vn/cong-doan/pv-gas-thang-cong-nhan.html",
            summary="Công đoàn PV GAS ra quân.",
        )
        assert outlets_feeds_read(actor=FEEDS_POLL) == 1

    page = page_factory()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "baochi.pvgas")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(f"{live_server.url}{reverse('press_inbox:index')}")
    page.click("text=Công nhân PV GAS hưởng ứng Tháng Công nhân")
    page.select_option("#id_tone", "positive")
    page.select_option("#id_campaign", str(campaign.public_id))
    page.click("button:has-text('Ghi nhận bài báo')")
    page.wait_for_url(re.compile(r".*/admin/bao-chi/tin-moi/$"))

    page.goto(f"{live_server.url}{reverse('campaigns_campaigns:inspect', args=[campaign.pk])}")
    assert page.locator("[data-press-count]").get_attribute("data-press-count") == "1"
    page.click("text=Xem báo cáo báo chí phản ánh")
    assert page.locator("[data-report-title]").inner_text() == "Chiến dịch: Tháng Công nhân 2026"
    assert page.locator("[data-count]").inner_text() == "1"
    clipping = page.locator("[data-table=clippings] tbody tr").first.locator("td").all_inner_texts()
    assert clipping[1:] == [
        "Báo Lao Động",
        "Công nhân PV GAS hưởng ứng Tháng Công nhân",
        "Tích cực",
    ]
