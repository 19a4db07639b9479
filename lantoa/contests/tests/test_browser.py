"""On a phone: a juror signs in with a code, opens the round from the member
home, scores a photo blind, and never meets their own unit's photo."""

import pytest
from playwright.sync_api import expect

from lantoa.contests.models import Score
from lantoa.contests.tests.conftest import member_with_account
from lantoa.contests.tests.factories import contest_approved, entry_approved, juror, open_round
from lantoa.memberarea import sms
from lantoa.memberarea.tests.helpers import last_texted_code
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_a_juror_scores_a_photo_blind_on_a_phone(live_server, page_factory):
    sms.outbox.clear()
    pvgas = OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")
    kvt = OrgUnitFactory(parent=pvgas, code="KVT", name="CĐCS Khí Vũng Tàu")
    kcm = OrgUnitFactory(parent=pvgas, code="KCM", name="CĐCS Khí Cà Mau")
    contest = contest_approved(pvgas, title="Nét đẹp Công đoàn và Người lao động Dầu khí")
    entry_approved(
        contest,
        member_with_account(kcm, "Phạm Văn Đức", "duc"),
        title="Ca đêm trên giàn",
        credit="Ảnh: Phạm Văn Đức",
    )
    entry_approved(
        contest,
        member_with_account(kvt, "Nguyễn Thị Lan", "lan"),
        title="Bình minh Kho cảng",
    )
    judge = MemberFactory(
        unit=kvt,
        full_name="Lê Minh Tâm",
        phone="+84912345678",
        email="",
        user=UserFactory(username="tam"),
    )
    juror(contest, judge)
    open_round(contest, title="Vòng sơ khảo")

    page = page_factory(**PHONE)
    page.goto(f"{live_server.url}/thanh-vien/")
    page.fill("#id_identifier", "0912 345 678")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/dang-nhap/ma/")
    page.fill("#id_code", last_texted_code("+84912345678"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/thanh-vien/")

    page.click("text=Chấm thi: Nét đẹp Công đoàn và Người lao động Dầu khí")
    page.wait_for_selector(".ct-jury .ct-photo")
    photos = page.locator(".ct-jury .ct-photo")
    assert photos.count() == 1
    text = page.locator(".ma-page").inner_text()
    assert "Ca đêm trên giàn" in text
    for hidden in ("Phạm Văn Đức", "Khí Cà Mau", "Bình minh Kho cảng"):
        assert hidden not in text
    # The photo itself loads for the juror (waited for: a busy machine loads it late).
    # (A polled property, not a string predicate: the page's CSP forbids eval.)
    expect(page.locator(".ct-jury img")).to_have_js_property("complete", True)
    expect(page.locator(".ct-jury img")).to_have_js_property("naturalWidth", 1200)
    photos.first.locator("input[name=score]").fill("8")
    photos.first.locator("textarea[name=note]").fill("Ánh sáng đẹp, bố cục chặt.")
    photos.first.locator("text=Lưu điểm").click()
    page.wait_for_selector(".ct-my-score")
    assert "Đã lưu điểm cho ảnh “Ca đêm trên giàn”." in page.locator(".ma-messages").inner_text()
    assert page.locator(".ct-my-score").inner_text() == "Điểm của tôi: 8"
    assert page.locator(".ma-lead").inner_text().endswith("đã chấm 1/1 ảnh")
    assert list(Score.objects.values_list("score", "note")) == [(8, "Ánh sáng đẹp, bố cục chặt.")]
    # Phone first: nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
