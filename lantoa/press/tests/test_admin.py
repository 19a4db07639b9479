"""Press screens: the contact book through the services, a release's
approval and schedule, the RSS/Atom inbox, and the coverage report."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.core.campaign_refs import register_campaign_choices
from lantoa.org.tests.factories import admin_client
from lantoa.press.choices import ClippingSource, ReleaseState
from lantoa.press.models import Clipping, FeedItem, Outlet, PressRelease
from lantoa.press.tests.factories import ClippingFactory, JournalistFactory, OutletFactory

pytestmark = pytest.mark.django_db

CAMPAIGN = "6f0e2c56-30c4-4b8e-a3a6-2a33f8c3c001"


def test_an_officer_adds_an_outlet_through_the_service(tree, people):
    client = admin_client(people.unit_officer)
    response = client.post(
        reverse("press_outlets:add"),
        {"unit": tree.unit.pk, "name": "  Báo   Lao Động ", "kind": "online", "website": "",
         "feed_url": "", "reach": "120000", "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    outlet = Outlet.objects.get()
    assert (outlet.name, outlet.unit) == ("Báo Lao Động", tree.unit)
    response = client.post(
        reverse("press_outlets:add"),
        {"unit": tree.unit.pk, "name": "báo lao động", "kind": "online", "reach": ""},
    )
    assert "Đơn vị đã có cơ quan báo chí" in response.content.decode()


def test_a_release_is_addressed_submitted_approved_and_scheduled(tree, people):
    hoa = JournalistFactory(unit=tree.unit, full_name="Trần Thị Hoa")
    release = PressRelease.objects.create(unit=tree.unit, title="Hội thao 2026", summary="Tóm tắt")
    officer = admin_client(people.unit_officer)
    action = reverse("press_releases:action", args=[release.pk])
    officer.post(action, {"action": "recipients", "journalist": [hoa.pk]})
    officer.post(action, {"action": "submit"})
    officer.post(action, {"action": "approve"})  # an officer may not approve
    release.refresh_from_db()
    assert release.state == ReleaseState.SUBMITTED
    admin_client(people.unit_approver).post(action, {"action": "approve"})
    officer.post(action, {"action": "schedule", "send_at": "2099-01-02T08:00"})
    release.refresh_from_db()
    assert release.state == ReleaseState.SCHEDULED
    assert release.send_at.isoformat() == "2099-01-02T01:00:00+00:00"
    html = officer.get(reverse("press_releases:detail", args=[release.pk])).content.decode()
    assert "Trần Thị Hoa" in html
    assert "Hủy hẹn gửi" in html


def test_an_officer_logs_an_inbox_article_for_a_campaign_and_sees_it_in_the_report(tree, people):
    import uuid

    register_campaign_choices(lambda actor: [(uuid.UUID(CAMPAIGN), "Tháng Công nhân 2026")])
    outlet = OutletFactory(unit=tree.unit, name="Báo Lao Động", reach=90_000)
    item = FeedItem.objects.create(
        outlet=outlet, guid="1", url="https://laodong.vn/cong-doan/khi-vung-tau.html",
        title="Khí Vũng Tàu hưởng ứng Tháng Công nhân",
    )  # fmt: skip
    client = admin_client(people.unit_officer)
    assert "Khí Vũng Tàu hưởng ứng" in client.get(reverse("press_inbox:index")).content.decode()
    response = client.post(
        reverse("press_inbox:log", args=[item.pk]), {"tone": "positive", "campaign": CAMPAIGN}
    )
    assert response.status_code == 302
    clipping = Clipping.objects.get()
    assert (clipping.source, str(clipping.campaign_ref)) == (ClippingSource.FEED, CAMPAIGN)
    assert "Đã ghi nhận bài báo" in client.get(reverse("press_inbox:index")).content.decode()
    assert "Khí Vũng Tàu hưởng ứng" not in client.get(reverse("press_inbox:index")).content.decode()

    report = client.get(reverse("press_report"), {"campaign": CAMPAIGN}).content.decode()
    assert "Chiến dịch: Tháng Công nhân 2026" in report
    assert "Khí Vũng Tàu hưởng ứng Tháng Công nhân" in report
    assert "data-count>1<" in report
    xlsx = client.get(reverse("press_report"), {"campaign": CAMPAIGN, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Bài báo"]
    assert [c.value for c in sheet[5]][1:5] == [
        "Báo Lao Động", "Khí Vũng Tàu hưởng ứng Tháng Công nhân", "Tích cực", 90_000,
    ]  # fmt: skip


def test_the_period_report_in_pdf(tree, people):
    ClippingFactory(unit=tree.child, published_on=dt.date(2026, 5, 4), title="=HYPERLINK(1)")
    client = admin_client(people.unit_officer)
    params = {"unit": tree.unit.pk, "from": "2026-05-01", "to": "2026-05-31"}
    assert "data-count>1<" in client.get(reverse("press_report"), params).content.decode()
    pdf = client.get(reverse("press_report"), {**params, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("press_report"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["Bài báo"]
    assert sheet["C5"].value == "'=HYPERLINK(1)"
    # A unit outside the officer's scope gives no report.
    other = client.get(
        reverse("press_report"), {**params, "unit": tree.sibling.pk}
    ).content.decode()
    assert "Không có báo cáo cho lựa chọn này." in other
