"""On phones: a member registers for an event and shows the QR of their
ticket; an officer at the door checks them in (the code typed in, as a
hand scanner or a person would; camera scanning needs a real camera)."""

import pytest
from django.test import Client

from lantoa.events.models import Registration
from lantoa.events.qr import qr_data_uri
from lantoa.events.tests.factories import event_approved
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import (
    MemberFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, live_server, user):
    """A session of `user` in the page's browser (one Django client each: a
    second login on the same client would end the first session)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_an_officer_checks_a_member_in_by_qr(live_server, page_factory, wagtail_base):
    pvgas = OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")
    kvt = OrgUnitFactory(parent=pvgas, code="KVT", name="CĐCS Khí Vũng Tàu")
    member = MemberFactory(unit=kvt, full_name="Trần Văn Hùng", user=UserFactory())
    officer = UserFactory(username="tuyengiao.pvgas")
    RoleAssignmentFactory(user=officer, unit=pvgas, role=Role.OFFICER)
    sync_admin_access(officer)
    event = event_approved(pvgas, title="Tọa đàm An toàn lao động")

    phone = page_factory(**PHONE)
    _sign_in(phone, live_server, member.user)
    phone.goto(f"{live_server.url}/thanh-vien/")
    phone.click("text=Tọa đàm An toàn lao động")
    phone.click("text=Đăng ký tham dự")
    assert "Đăng ký thành công." in phone.locator(".ma-messages").inner_text()
    code = phone.locator(".events-code").inner_text().strip()
    registration = Registration.objects.get(event=event, member=member)
    assert code == registration.code
    assert phone.locator(".events-qr").get_attribute("src") == qr_data_uri(code)
    phone.wait_for_function("document.querySelector('.events-qr').complete")
    assert phone.locator(".events-qr").evaluate("img => img.naturalWidth") > 0  # it renders
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    door = page_factory(**PHONE)
    _sign_in(door, live_server, officer)
    door.goto(f"{live_server.url}/admin/su-kien/su-kien/{event.pk}/diem-danh/")
    assert door.locator(".events-attended").inner_text() == "0"
    door.fill("input[name=code]", code.lower())
    door.click("button[type=submit]:has-text('Điểm danh')")
    result = door.locator(".events-checkin-result")
    assert result.inner_text() == "Đã điểm danh: Trần Văn Hùng (CĐCS Khí Vũng Tàu)"
    assert door.locator(".events-attended").inner_text() == "1"
    assert door.locator("input[name=code]").input_value() == ""
    door.fill("input[name=code]", code)
    door.click("button[type=submit]:has-text('Điểm danh')")
    assert "đã được điểm danh lúc" in door.locator(".events-checkin-result").inner_text()
    assert door.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    registration.refresh_from_db()
    assert registration.checked_in_by_id == officer.pk
    phone.reload()
    assert phone.locator(".events-checked").inner_text().startswith("Đã điểm danh lúc")
