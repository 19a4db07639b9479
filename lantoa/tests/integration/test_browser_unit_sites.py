"""A union without a news site gets one and writes for it, in Chromium: its
approver opens the site from «Trang tin các đơn vị», its officer writes an
article that the approver approves; the unit directory links the new site, and
the site's menu leads to the union's bulletin archive, which wears the site's
masthead. axe on every screen visited."""

import re

import pytest

from lantoa.bulletin.tests.factories import BulletinFactory, IssueFactory
from lantoa.core.testing import admin_login, serious_violations
from lantoa.newsroom.models import ArticlePage, UnitSiteHome
from lantoa.newsroom.tests.conftest import news  # noqa: F401 - the sites fixture
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.conftest import tree  # noqa: F401 - the org tree fixture
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def person(unit, role, username):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    sync_admin_access(user)
    return user


def test_a_union_opens_its_site_writes_for_it_and_readers_find_it(
    live_server,
    news,  # noqa: F811
    page_factory,
):
    bsr = news.tree.uncle  # a direct union without a site
    person(bsr, Role.APPROVER, "duyet.bsr")
    person(bsr, Role.OFFICER, "tuyengiao.bsr")
    bulletin = BulletinFactory(unit=bsr, name="Bản tin Công đoàn BSR")
    IssueFactory(bulletin=bulletin, state="sent", number=1, year=2026)
    base = live_server.url

    approver = page_factory()
    admin_login(approver, base, "duyet.bsr")
    approver.get_by_role("link", name="Trang tin các đơn vị").click()
    row = approver.locator(f"tr[data-unit='{bsr.code}']")
    assert row.get_attribute("data-site-state") == "none"
    assert serious_violations(approver) == []
    row.get_by_role("link", name="Mở trang tin").click()
    assert serious_violations(approver) == []
    approver.get_by_role("button", name="Mở trang tin").click()
    approver.wait_for_load_state("networkidle")
    home = UnitSiteHome.objects.get(unit=bsr)
    assert approver.locator(f"tr[data-unit='{bsr.code}']").get_attribute("data-site-state") == (
        "live"
    )
    address = home.get_full_url()  # the site's public address (core.public_urls)
    assert approver.get_by_role("link", name=address).count() == 1

    writer = page_factory()
    admin_login(writer, base, "tuyengiao.bsr")
    writer.goto(f"{base}/admin/trang-tin/don-vi/")
    writer.locator(f"tr[data-unit='{bsr.code}']").get_by_role(
        "link", name="Viết tin, sửa trang"
    ).click()
    writer.wait_for_url(re.compile(rf".*/admin/pages/{home.pk}/$"))
    section = home.get_children().get(title="Tin hoạt động")
    writer.goto(f"{base}/admin/pages/add/newsroom/articlepage/{section.pk}/")
    title = "Công đoàn BSR thăm hỏi công nhân vận hành nhà máy lọc dầu"
    writer.fill("#id_title", title)
    writer.fill("#id_lead", "Ban Thường vụ tặng quà ca trực đêm của phân xưởng.")
    writer.get_by_role("button", name=re.compile("Thêm thao tác|Thao tác khác")).click()
    writer.locator("button[name=action-submit]").click()
    writer.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    article = ArticlePage.objects.get(title=title)
    assert article.live is False

    approver.goto(f"{base}/admin/")
    approver.locator("tr", has_text=title).get_by_role(
        "button", name=re.compile("Thêm lựa chọn|Thao tác")
    ).click()
    approver.get_by_role("button", name="Duyệt", exact=True).click()
    approver.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.live is True

    reader = page_factory()
    reader.goto(f"{base}/don-vi/")
    reader.get_by_role("link", name=bsr.name, exact=True).click()
    reader.wait_for_url(f"**{home.url}")
    assert reader.get_by_role("link", name=title).count() >= 1
    reader.locator("nav.site-nav").get_by_role("link", name="Bản tin").click()
    reader.wait_for_url(f"**/ban-tin/{bsr.slug}/")
    assert home.title in reader.locator(".site-name").inner_text()
    assert "Lantoa" not in reader.locator(".site-name").inner_text()
    assert serious_violations(reader) == []
