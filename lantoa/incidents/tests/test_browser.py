"""Acceptance in a real browser (Playwright driving Debian's Chromium against
pytest-django's live server): a listening alert becomes an incident in one
click, its playbook runs, a step goes late and the incident escalates to the
parent union, whose officer takes it over; a response drafted from the fact
library is approved by another person and published to a channel (the
Telegram fake receives it); the post-incident report opens as a PDF."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.incidents.actors import SWEEP
from lantoa.incidents.choices import Category, IncidentState, ResponseState, StepRole
from lantoa.incidents.models import Escalation, Incident
from lantoa.incidents.services.escalation import steps_sweep
from lantoa.incidents.tests.factories import FactFactory, PlaybookFactory, PlaybookStepFactory
from lantoa.listening.choices import AlertKind
from lantoa.listening.models import Alert
from lantoa.org.services import sync_admin_access

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"


@pytest.fixture
def new_page(page_factory):
    return lambda: page_factory(width=1400, height=1000)


def login(page, base, user):
    user.set_password(PASSWORD)
    user.save()
    sync_admin_access(user)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def post_and_wait(page, button):
    with page.expect_navigation():
        button.click()


def test_alert_to_incident_escalation_response_and_report(
    live_server, tree, people, new_page, fake_telegram
):
    base = live_server.url
    channel = ChannelAccountFactory(
        unit=tree.parent,
        name="Telegram Công đoàn PV GAS",
        external_id=str(fake_telegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": fake_telegram.DEFAULT_TOKEN},
    )
    FactFactory(
        unit=tree.root,
        statement="Đại hội Công đoàn Dầu khí Việt Nam họp ngày 18–20/7/2023 đúng kế hoạch.",
        keywords="đại hội hoãn, lùi đại hội",
    )
    playbook = PlaybookFactory(
        unit=tree.root, name="Tin sai về Đại hội", category=Category.FALSE_CLAIM
    )
    PlaybookStepFactory(
        playbook=playbook, order=1, title="Xác minh, lưu bằng chứng", due_minutes=60
    )
    PlaybookStepFactory(
        playbook=playbook,
        order=2,
        title="Đăng thông tin ban đầu",
        due_minutes=120,
        role=StepRole.APPROVER,
        counts_as_response=True,
    )
    now = timezone.now()
    alert = Alert.objects.create(
        unit=tree.unit,
        kind=AlertKind.NEGATIVE_SPIKE,
        window_start=now - dt.timedelta(hours=24),
        window_end=now,
        count=64,
        negative_count=51,
        baseline_mean=9.0,
        top_keywords=["đại hội", "hoãn"],
    )

    # 1. The unit's officer opens an incident from the alert, in one click.
    page = new_page()
    login(page, base, people.unit_officer)
    page.goto(f"{base}/admin/lang-nghe/canh-bao/")
    page.get_by_role("link", name="Mở sự cố").click()
    page.fill("#id_title", "Tin đồn Đại hội công đoàn bị hoãn")
    page.fill("#id_claim", "Đại hội công đoàn ngành bị hoãn vô thời hạn")
    page.select_option("#id_category", Category.FALSE_CLAIM)
    post_and_wait(page, page.get_by_role("button", name="Mở sự cố"))
    incident = Incident.objects.get()
    assert incident.reports.get().alert == alert
    assert page.locator("[data-step]").count() == 2  # the playbook runs

    # 2. Step 1 done in time; step 2 is not.
    row = page.locator("[data-step='1']")
    row.locator("input[name=note]").first.fill("Đã lưu ảnh chụp bài đăng")
    post_and_wait(page, row.get_by_role("button", name="Xong"))
    assert (
        "Hoàn thành bước 1. Xác minh, lưu bằng chứng"
        in page.locator("[data-timeline]").inner_text()
    )
    assert steps_sweep(actor=SWEEP, now=incident.detected_at + dt.timedelta(minutes=121)) == 1
    assert Escalation.objects.get().to_unit == tree.parent

    # 3. The parent union's officer is told, and takes the incident over.
    parent = new_page()
    login(parent, base, people.parent_officer)
    parent.goto(f"{base}/admin/su-co/su-co/")
    parent.get_by_role("link", name=re.compile("được báo lên Công đoàn PV GAS")).click()
    post_and_wait(parent, parent.get_by_role("button", name="Công đoàn PV GAS tiếp quản sự cố"))
    assert parent.locator("[data-handling-unit]").inner_text() == "Công đoàn PV GAS"

    # 4. A response drafted from the fact library, on the parent's channel.
    parent.locator("summary", has_text="Soạn phản hồi").click()
    assert "họp ngày 18–20/7/2023" in parent.locator("#id_text").input_value()
    parent.get_by_label("Telegram Công đoàn PV GAS").check()
    post_and_wait(parent, parent.get_by_role("button", name="Lưu bản nháp"))
    post_and_wait(parent, parent.get_by_role("button", name="Trình duyệt"))

    # 5. Another person approves it; the officer publishes it.
    approver = new_page()
    login(approver, base, people.parent_approver)
    approver.goto(f"{base}/admin/su-co/su-co/{incident.pk}/")
    post_and_wait(approver, approver.get_by_role("button", name="Duyệt"))
    parent.reload()
    post_and_wait(parent, parent.get_by_role("button", name="Đăng lên kênh"))
    response = incident.responses.get()
    assert response.state == ResponseState.PUBLISHED
    sent = [p for p in fake_telegram.posts.all() if p["target"] == str(channel.external_id)]
    assert len(sent) == 1
    assert "họp ngày 18–20/7/2023" in sent[0]["text"]
    incident.refresh_from_db()
    assert incident.first_response_at is not None
    assert incident.state == IncidentState.RESPONDING

    # 6. Resolved, and the report opens as a PDF.
    parent.fill("#res-summary", "Đã đăng thông tin chính thức; tin đồn lắng xuống.")
    post_and_wait(parent, parent.get_by_role("button", name="Kết thúc xử lý"))
    pdf = parent.request.get(f"{base}/admin/su-co/su-co/{incident.pk}/bao-cao.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
