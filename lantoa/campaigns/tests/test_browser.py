"""Acceptance in a real browser (Playwright driving Debian's Chromium against
pytest-django's live server): the industry union sends a directive, a
grassroots officer adopts it and has it published through the approval
workflow, and the directive's compliance page at the top shows the change."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.models import Directive, DirectiveTask, TaskPublication
from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "test-password-123"
TITLE = "Tuyên truyền Tháng Công nhân năm 2026"
LEAD = "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân: vì người lao động."


def _login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def _figure(page, name):
    return int(page.locator(f"[data-compliance] [data-figure='{name}']").inner_text())


def test_directive_sent_adopted_published_and_counted(
    live_server, news, unit_section, page_factory
):
    tree = news.tree
    sender = UserFactory(username="duyet.dkvn")
    RoleAssignmentFactory(user=sender, unit=tree.root, role=Role.APPROVER)
    officer = UserFactory(username="tuyengiao.khivungtau")
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    approver = UserFactory(username="duyet.pvgas")
    RoleAssignmentFactory(user=approver, unit=tree.parent, role=Role.APPROVER)
    for user in (sender, officer, approver):
        sync_admin_access(user)
    newsroom_permissions_sync(actor=SYSTEM)
    base = live_server.url

    # 1. The industry union's approver sends the directive from the admin.
    top = page_factory()
    _login(top, base, sender.username)
    top.goto(f"{base}/admin/chien-dich/dinh-huong/soan/")
    top.fill("#id_title", TITLE)
    top.fill("#id_instructions", "Các đơn vị đăng tin phát động trên trang tin của đơn vị.")
    due = timezone.localtime(timezone.now() + dt.timedelta(days=5))
    top.fill("#id_due_at", due.strftime("%Y-%m-%d %H:%M"))
    top.keyboard.press("Escape")  # close the date picker
    top.check("input[name=required_actions][value=publish_site]")
    top.fill("#id_site_lead", LEAD)
    top.fill("#id_site_body", "Thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn.")
    top.click("button[name=send]")
    top.wait_for_url(re.compile(r".*/admin/chien-dich/dinh-huong/\d+/$"))
    directive = Directive.objects.get(title=TITLE)
    # The four counted units below (trade-union groups are not sent to by default).
    assert directive.task_count == 4
    top.goto(f"{base}/admin/chien-dich/dinh-huong/{directive.pk}/ket-qua/")
    assert (_figure(top, "total"), _figure(top, "done")) == (4, 0)

    # 2. The grassroots officer adopts it: a draft article of their own, in the editor.
    unit_page = page_factory()
    _login(unit_page, base, officer.username)
    unit_page.goto(f"{base}/admin/chien-dich/nhiem-vu/")
    unit_page.locator("tr[data-task-unit=KVT]").get_by_role("link", name=TITLE).click()
    unit_page.get_by_role("button", name="Tạo bản thảo của đơn vị").click()
    unit_page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    article = ArticlePage.objects.get(unit=tree.unit)
    assert (article.title, article.live, article.lead) == (TITLE, False, LEAD)
    # Edited locally, then sent for approval.
    unit_page.fill("#id_title", f"Khí Vũng Tàu: {TITLE}")
    unit_page.get_by_role(
        "button", name=re.compile("More actions|Thêm thao tác|Thao tác khác")
    ).click()
    unit_page.locator("button[name=action-submit]").click()
    unit_page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    article.refresh_from_db()
    assert article.live is False

    # 3. The direct union's approver approves it from the dashboard: published.
    reviewer = page_factory()
    _login(reviewer, base, approver.username)
    row = reviewer.locator("tr", has_text=f"Khí Vũng Tàu: {TITLE}")
    row.get_by_role(
        "button", name=re.compile("More options|Thêm lựa chọn|Actions|Thao tác")
    ).click()
    reviewer.get_by_role("button", name="Duyệt", exact=True).click()
    reviewer.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.live is True

    # The publication linked back and completed the task, on its own.
    task = DirectiveTask.objects.get(directive=directive, unit=tree.unit)
    assert task.state == TaskState.DONE
    assert TaskPublication.objects.get(task=task).published_at is not None

    # 4. At the top, the compliance page shows the change, in PV GAS's branch.
    top.reload()
    assert (_figure(top, "total"), _figure(top, "done")) == (4, 1)
    branch = top.locator("tr[data-branch=PVGAS]")
    assert (branch.get_attribute("data-done"), branch.get_attribute("data-total")) == ("1", "3")

    # 5. The coverage dashboard at the top (lantoa.analytics, reached by URL
    #    and command only: nothing imports analytics) shows the same change
    #    once its periodic refresh has run: 1 of 4 tasks done, 1 of 3 in PV GAS.
    call_command("refresh_analytics")
    top.goto(
        f"{base}/admin/so-lieu/do-phu/?unit={tree.root.code}"
        f"&tu={timezone.localdate():%Y-%m}&den={due:%Y-%m}"
    )
    assert "1/4" in top.locator("[data-compliance=done]").inner_text()
    assert "33,3%" in top.locator("tr[data-unit=PVGAS]").inner_text()
