"""A cross-listing in Chromium: the sibling unit's approver accepts another
unit's article into its section, sees it on its site, then withdraws it.
axe on the admin screens visited."""

import re

import pytest

from lantoa.newsroom.models import ArticlePage, ListingState, SectionListing
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory
from lantoa.newsroom.tests.test_browser import _login, _serious_violations
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Khí Vũng Tàu trao học bổng cho con công nhân"


def test_the_receiving_unit_accepts_then_withdraws_a_listing(live_server, news, page_factory):
    approver = UserFactory(username="duyet.khicamau", email="duyet@camau.example.vn")
    RoleAssignmentFactory(user=approver, unit=news.tree.sibling, role=Role.APPROVER)
    sync_admin_access(approver)
    own = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động", slug="tin-hoat-dong")
    theirs = SectionIndexFactory(
        parent=news.sibling_home, title="Tin hoạt động", slug="tin-hoat-dong"
    )
    article = ArticlePageFactory.build(title=TITLE, slug="hoc-bong")
    article.live = False
    own.add_child(instance=article)
    article.sections = [theirs]
    article.save_revision().publish()
    listing = SectionListing.objects.get(article=ArticlePage.objects.get(title=TITLE))
    assert listing.state == ListingState.REQUESTED

    def listed_on_their_site():
        reader = page_factory()  # a new browser context: nothing cached by the browser
        reader.goto(live_server.url + theirs.url)
        return reader.get_by_role("link", name=TITLE).count()

    assert listed_on_their_site() == 0

    page = page_factory()
    _login(page, live_server.url, approver.username)
    page.get_by_role("link", name=re.compile("Tin đơn vị khác đăng vào")).first.click()
    page.wait_for_url(re.compile(r".*/tin-dang-vao-chuyen-muc/.*"))
    row = page.locator("tr", has_text=TITLE)
    assert "Chờ đơn vị nhận duyệt" in row.inner_text()
    assert "Tin hoạt động — CĐCS Khí Cà Mau" in row.inner_text()
    page.wait_for_timeout(1500)
    assert _serious_violations(page) == []

    row.get_by_role("button", name=re.compile("^Nhận")).click()
    page.wait_for_load_state("networkidle")
    assert "Đang hiển thị" in page.locator("tr", has_text=TITLE).inner_text()
    assert listed_on_their_site() == 1

    page.locator("tr", has_text=TITLE).get_by_role("button", name=re.compile("^Gỡ")).click()
    page.wait_for_load_state("networkidle")
    assert "Đơn vị nhận đã gỡ" in page.locator("tr", has_text=TITLE).inner_text()
    assert SectionListing.objects.get().state == ListingState.WITHDRAWN
    assert listed_on_their_site() == 0
    page.wait_for_timeout(1500)
    assert _serious_violations(page) == []
