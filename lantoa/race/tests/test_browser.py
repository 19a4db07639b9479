"""On a phone: a member signs in with a code, registers for the race,
uploads a GPX and sees the unit board."""

import pytest
from playwright.sync_api import expect

from lantoa.memberarea import sms
from lantoa.memberarea.tests.helpers import last_texted_code
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import race_approved

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_a_member_signs_in_registers_uploads_and_sees_the_unit_board(
    live_server, page_factory, tmp_path, settings
):
    import datetime as dt

    from django.utils import timezone

    # Tasks run inline here, right when the upload's transaction commits.
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    sms.outbox.clear()
    pvgas = OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")
    kvt = OrgUnitFactory(parent=pvgas, code="KVT", name="CĐCS Khí Vũng Tàu")
    OrgUnitFactory(parent=pvgas, code="KCM", name="CĐCS Khí Cà Mau")
    MemberFactory(unit=kvt, full_name="Trần Văn Hùng", phone="+84987654321", email="")
    race_approved(pvgas, title="Giải chạy bộ online Xuân Dầu khí")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(5, 30)))
    gpx = tmp_path / "chay-sang.gpx"
    gpx.write_bytes(tf.gpx(tf.run(start=start.astimezone(dt.UTC), km=5.2, pace_s=360)))

    page = page_factory(**PHONE)
    page.goto(f"{live_server.url}/thanh-vien/")
    page.fill("#id_identifier", "0987 654 321")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/dang-nhap/ma/")
    page.fill("#id_code", last_texted_code("+84987654321"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/")

    page.click("text=Giải chạy bộ online Xuân Dầu khí")
    page.click("text=Đăng ký tham gia")
    assert "Số báo danh của bạn: XDK00001" in page.locator(".ma-messages").inner_text()
    assert page.locator(".race-bib").inner_text() == "XDK00001"

    page.set_input_files("#id_file", str(gpx))
    page.click("text=Nộp tệp")
    page.wait_for_selector(".race-status-accepted")
    assert "Hoạt động được tính." in page.locator(".race-status").inner_text()
    page.click("text=Quay lại giải")
    assert page.locator(".race-total").inner_text() == "5,20 km"

    page.click("text=Theo đơn vị")
    page.wait_for_url("**/don-vi/")
    rows = page.locator(".race-unit-board tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td").all_inner_texts()
    assert cells == ["1", "CĐCS Khí Vũng Tàu", "1", "5,20", "5,20"]
    # Phone first: nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
