"""Acceptance in a real browser: Playwright driving Debian's Chromium against
pytest-django's live server, with axe-core checking accessibility."""

import re

import feedparser
import httpx
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.rich_text import RichText

from lantoa.core.actors import SYSTEM
from lantoa.core.dates import format_date_line
from lantoa.newsroom.models import ArticlePage, Feedback
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.factories import (
    AlbumPhotoFactory,
    ArticlePageFactory,
    ImageFactory,
    PhotoAlbumFactory,
    SectionIndexFactory,
    TopicHubFactory,
    WebsiteLinkFactory,
)
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "test-password-123"


@pytest.fixture
def site(news):
    image = ImageFactory()
    news.article.hero_image = image
    news.article.body = [("text", RichText("<p>Đại hội đã bầu Ban Chấp hành khóa mới.</p>"))]
    news.article.tags.add("Đại hội VII")
    news.article.save()
    for n in range(3):
        ArticlePageFactory(parent=news.section, title=f"Công đoàn cơ sở hưởng ứng phong trào {n}",
                           hero_image=image)  # fmt: skip
    album = PhotoAlbumFactory(parent=news.root_home, title="Tháng Công nhân")
    for n in range(3):
        AlbumPhotoFactory(album=album, caption=f"Hoạt động {n + 1}", credit="Ban Tuyên giáo")
    album.save()
    hub = TopicHubFactory(
        parent=news.root_home,
        event_at=timezone.now() + timezone.timedelta(days=20),
        event_label="khai mạc Đại hội",
        numbers=[("numbers", {"heading": "Những con số ấn tượng nhiệm kỳ 2018–2023",
                              "items": [{"value": "62.000", "label": "đoàn viên"}]})],
    )  # fmt: skip
    WebsiteLinkFactory(unit=news.tree.root, title="Báo Lao Động", url="https://laodong.vn/")
    return news, album, hub


def _login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def _serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_reader_reads_searches_and_gives_feedback(live_server, site, page_factory, settings):
    news, _, _ = site
    # As in production, the reader's request only queues listening's analysis
    # of the feedback (the worker loads the models, not the request).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    page = page_factory()

    page.goto(live_server.url + "/")
    assert page.locator(".date-line").inner_text() == format_date_line(timezone.now(), "vi")
    page.get_by_role("link", name=news.article.title).first.click()
    page.wait_for_url(f"**{news.article.url}")
    dateline = page.locator(".article__dateline time").inner_text()
    assert re.fullmatch(
        r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{1,2}/\d{1,2}/\d{4} \d\d:\d\d \(GMT\+7\)",
        dateline,
    )
    for heading in ("Phản hồi", "Các tin khác", "Mới nhất", "Thư viện ảnh", "Liên kết website"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading

    page.fill("#site-search-q", "dai hoi")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=dai+hoi")
    results = page.locator(".search-results__title")
    assert results.first.inner_text() == news.article.title

    page.goto(live_server.url + news.article.url)
    page.fill("#fb-text", "Bài viết rất hay, mong có thêm tin về đại hội cơ sở.")
    page.fill("#fb-name", "Nguyễn Văn Bình")
    page.click("button:has-text('Gửi phản hồi')")
    page.wait_for_url("**/phan-hoi/gui/")
    assert "Cảm ơn bạn!" in page.locator("main").inner_text()
    feedback = Feedback.objects.get()
    assert (feedback.article_id, feedback.unit_id) == (news.article.pk, news.tree.root.pk)
    assert feedback.name == "Nguyễn Văn Bình"
    assert DBTaskResult.objects.filter(
        task_path="lantoa.listening.tasks.opinions_analyse_task"
    ).exists()


def test_officer_writes_approver_approves_sibling_cannot_open(live_server, site, page_factory):
    news, _, _ = site
    officer = UserFactory(username="tuyengiao.khivungtau")
    RoleAssignmentFactory(user=officer, unit=news.tree.unit, role=Role.OFFICER)
    sibling_officer = UserFactory(username="tuyengiao.khicamau")
    RoleAssignmentFactory(user=sibling_officer, unit=news.tree.sibling, role=Role.OFFICER)
    approver = UserFactory(username="duyet.pvgas")
    RoleAssignmentFactory(user=approver, unit=news.tree.parent, role=Role.APPROVER)
    for user in (officer, sibling_officer, approver):
        sync_admin_access(user)
    newsroom_permissions_sync(actor=SYSTEM)
    section = SectionIndexFactory(
        parent=news.unit_home, title="Tin hoạt động", slug="tin-hoat-dong"
    )
    title = "Hội nghị người lao động Khí Vũng Tàu năm nay"

    writer = page_factory()
    _login(writer, live_server.url, officer.username)
    writer.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{section.pk}/")
    writer.fill("#id_title", title)
    writer.fill("#id_lead", "Người lao động góp ý về tiền lương, ăn ca và an toàn.")
    writer.get_by_role(
        "button", name=re.compile("More actions|Thêm thao tác|Thao tác khác")
    ).click()
    writer.locator("button[name=action-submit]").click()
    writer.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    article = ArticlePage.objects.get(title=title)
    assert article.live is False

    outsider = page_factory()
    _login(outsider, live_server.url, sibling_officer.username)
    outsider.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    assert title not in outsider.content()
    assert outsider.locator("#id_title").count() == 0

    reviewer = page_factory()
    _login(reviewer, live_server.url, approver.username)
    row = reviewer.locator("tr", has_text=title)
    row.get_by_role(
        "button", name=re.compile("More options|Thêm lựa chọn|Actions|Thao tác")
    ).click()
    reviewer.get_by_role("button", name="Duyệt", exact=True).click()
    reviewer.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.live is True

    reader = page_factory()
    reader.goto(live_server.url + news.unit_home.url)
    assert reader.get_by_role("link", name=title).count() >= 1
    feed = feedparser.parse(httpx.get(f"{live_server.url}{news.unit_home.url}rss/").content)
    assert title in [entry.title for entry in feed.entries]


@pytest.mark.parametrize("which", ["home", "article", "album", "hub", "search"])
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, site, page_factory, which
):
    news, album, hub = site
    path = {
        "home": "/",
        "article": news.article.url,
        "album": album.url,
        "hub": hub.url,
        "search": "/tim-kiem/?q=dai+hoi",
    }[which]
    page = page_factory()
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")

    assert _serious_violations(page) == []


def test_lightbox_works_with_the_keyboard(live_server, site, page_factory):
    _, album, _ = site
    page = page_factory()
    page.goto(live_server.url + album.url)

    page.locator("a[data-lightbox]").first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#lightbox")
    assert dialog.is_visible()
    assert page.locator(".lightbox__count").inner_text() == "Ảnh 1/3"
    page.keyboard.press("ArrowRight")
    assert page.locator(".lightbox__count").inner_text() == "Ảnh 2/3"
    assert "Hoạt động 2" in page.locator(".lightbox__caption").inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    focused = page.evaluate("document.activeElement.getAttribute('data-caption')")
    assert focused == "Hoạt động 1"


def test_the_accessibility_check_can_fail(page_factory, live_server):
    """The check above is not vacuous: an image without alt text is caught."""
    page = page_factory()
    page.goto(live_server.url + "/robots.txt")
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head>'
        '<body><main><img src="/x.png"></main></body></html>'
    )

    assert [v[0] for v in _serious_violations(page)] == ["image-alt"]


# Text outside a lang="vi" element (content: titles, names) that still reads
# Vietnamese: a label the English switch left untranslated.
UNTRANSLATED_JS = """() => {
  const vietnamese = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const owner = node.parentElement;
    if (!owner || owner.closest('[lang="vi"], script, style')) continue;
    if (vietnamese.test(node.textContent)) found.push(node.textContent.trim());
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title]')) {
    if (el.closest('[lang="vi"]')) continue;
    for (const name of ['aria-label', 'placeholder', 'title']) {
      const value = el.getAttribute(name);
      if (value && vietnamese.test(value)) found.push(name + '=' + value);
    }
  }
  return found;
}"""


def test_an_english_browser_stays_vietnamese(live_server, site, page_factory, browser):
    news, _, _ = site
    officer = UserFactory(username="tuyengiao.pvgas")
    RoleAssignmentFactory(user=officer, unit=news.tree.parent, role=Role.OFFICER)
    sync_admin_access(officer)
    context = browser.new_context(
        locale="en-US", extra_http_headers={"Accept-Language": "en-US,en"}
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + news.article.url)
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.get_by_role("heading", name="Các tin khác").count() == 1
        assert page.get_by_role("button", name="Gửi phản hồi").count() == 1

        _login(page, live_server.url, officer.username)
        assert page.locator("html").get_attribute("lang") == "vi"
        sidebar = page.locator("#wagtail-sidebar-props").text_content()
        assert '"Trang"' in sidebar
        assert '"Pages"' not in sidebar
        assert "Dashboard" not in page.content()
        page.goto(f"{live_server.url}/admin/pages/{news.article.pk}/edit/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.get_by_role("button", name=re.compile("^Save draft")).count() == 0
    finally:
        context.close()


def test_the_english_switch_translates_the_whole_page(live_server, site, page_factory):
    news, album, hub = site
    page = page_factory()
    page.goto(live_server.url + news.article.url)
    assert page.locator("html").get_attribute("lang") == "vi"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**{news.article.url}")

    assert page.locator("html").get_attribute("lang") == "en"
    for heading in ("Feedback", "Other news", "Latest", "Photo gallery", "Website links"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
    assert page.locator("article.article").get_attribute("lang") == "vi"
    assert page.evaluate(UNTRANSLATED_JS) == []
    for path in ("/", album.url, hub.url, "/tim-kiem/?q=dai+hoi"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "en", path
        assert page.evaluate(UNTRANSLATED_JS) == [], path
        assert _serious_violations(page) == [], path

    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Tìm kiếm", exact=True).count() == 1
