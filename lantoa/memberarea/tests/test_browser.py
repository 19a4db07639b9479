"""A member signs in on a phone-sized screen with a code sent by SMS."""

import pytest

from lantoa.memberarea import sms
from lantoa.memberarea.tests.helpers import last_texted_code
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_member_signs_in_with_a_code_on_a_phone(live_server, page_factory):
    sms.outbox.clear()
    unit = OrgUnitFactory(code="KVT", name="CĐCS Khí Vũng Tàu")
    MemberFactory(unit=unit, full_name="Trần Văn Hùng", phone="+84987654321", email="")
    page = page_factory(**PHONE)

    page.goto(f"{live_server.url}/thanh-vien/")
    assert page.locator("h1").inner_text() == "Đăng nhập khu vực đoàn viên"
    page.fill("#id_identifier", "0987 654 321")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/dang-nhap/ma/")
    assert "+8498***4321" in page.locator(".ma-lead").inner_text()

    page.fill("#id_code", "000000" if last_texted_code("+84987654321") != "000000" else "111111")
    page.click("button[type=submit]")
    assert page.locator(".ma-error").inner_text() == "Mã không đúng. Hãy kiểm tra lại mã vừa nhận."

    page.fill("#id_code", last_texted_code("+84987654321"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/")
    assert page.locator("h1").inner_text() == "Xin chào, Trần Văn Hùng"
    # Phone first: nothing is wider than the screen, the navigation sits at the bottom.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    nav_box = page.locator(".ma-nav").bounding_box()
    assert nav_box is not None
    assert nav_box["y"] + nav_box["height"] == PHONE["height"]

    page.click("text=Đăng xuất")
    page.wait_for_url(f"{live_server.url}/thanh-vien/dang-nhap/")
