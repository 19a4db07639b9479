"""Officers' forms in Chromium: the date-and-time fields are the browser's own
(no pop-up over the buttons), the article editor's tag field has a label, the
content calendar reads well; axe finds nothing serious on these screens."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from devstack.fakes import FakeTelegram
from lantoa.channels.models import Delivery
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.testing import admin_login as login
from lantoa.core.testing import serious_violations
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.conftest import news  # noqa: F401 - the sites fixture
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.conftest import tree  # noqa: F401 - the org tree fixture
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def approver_of(unit, username="duyet.kvt"):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, unit=unit, role=Role.APPROVER)
    sync_admin_access(user)
    newsroom_permissions_sync(actor=SYSTEM)
    return user


def test_the_article_editors_tag_field_has_a_label(live_server, news, page_factory):  # noqa: F811
    approver_of(news.tree.unit)
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động")
    page = page_factory()
    login(page, live_server.url, "duyet.kvt")
    page.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{section.pk}/")
    box = page.get_by_role("textbox", name="Từ khóa", exact=True)
    box.wait_for()
    box.fill("Đại hội")
    box.press("Enter")
    assert page.locator("input#id_tags").input_value() == '"Đại hội"'  # Wagtail quotes it
    assert serious_violations(page) == []


def test_the_content_calendar_reads_well(live_server, news, page_factory):  # noqa: F811
    approver_of(news.tree.unit)
    # An article on a day of the month before, shown greyed in December's grid.
    ArticlePageFactory(
        parent=SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động"),
        title="Hội thao công nhân Khí Vũng Tàu",
        unit=news.tree.unit,
        first_published_at=dt.datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    page = page_factory()
    login(page, live_server.url, "duyet.kvt")
    page.goto(f"{live_server.url}/admin/chien-dich/lich/?thang=2026-12")
    out = page.locator("td.lt-out[data-day='2026-11-30']")
    assert out.get_by_role("link", name="Hội thao công nhân Khí Vũng Tàu").count() == 1
    assert serious_violations(page) == []


def test_a_post_is_scheduled_with_the_browsers_field_on_the_first_click(
    live_server,
    news,  # noqa: F811
    page_factory,
    fake_telegram,
):
    approver_of(news.tree.unit)
    ChannelAccountFactory(
        unit=news.tree.unit,
        name="Kênh Khí Vũng Tàu",
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},
    )
    page = page_factory()
    login(page, live_server.url, "duyet.kvt")
    page.goto(f"{live_server.url}/admin/kenh-truyen-thong/bai-dang/new/")
    page.select_option("#id_unit", value=news.tree.unit.code)
    page.fill("#id_text", "Hội thao công nhân khai mạc sáng thứ Bảy")
    page.get_by_label(re.compile("Kênh Khí Vũng Tàu")).check()
    page.get_by_role("button", name="Lưu nháp và xem trước").click()
    page.wait_for_url(re.compile(r".*/bai-dang/inspect/\d+/.*"))

    field = page.get_by_label("Hẹn giờ đăng")
    assert field.get_attribute("type") == "datetime-local"
    assert serious_violations(page) == []
    field.fill("2030-05-01T08:00")
    page.get_by_role("button", name="Đăng", exact=True).click()  # once
    page.wait_for_url(re.compile(r".*/bai-dang/inspect/\d+/$"))
    delivery = Delivery.objects.get()
    assert delivery.scheduled_at == dt.datetime(2030, 5, 1, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
