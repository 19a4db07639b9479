"""A strict Content-Security-Policy on the public site, the admin and the
member area, and pages that work under it: in Chromium, an officer writes and
publishes an article and composes a post, and a reader opens the home page,
an article, the search, the member sign-in and the API docs, with no CSP
violation and no request to any host but the server."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lantoa.channels.models import Post
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.conftest import news  # noqa: F401 — a fixture, used by name
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

PASSWORD = "test-password-123"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


# ---- the header ------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_kind_of_page_carries_the_policy(client, news):  # noqa: F811
    officer = UserFactory(username="tuyengiao.kvt")
    RoleAssignmentFactory(user=officer, unit=news.tree.unit, role=Role.OFFICER)
    sync_admin_access(officer)
    pages = ["/", news.article.url, "/tim-kiem/?q=dai+hoi", "/thanh-vien/dang-nhap/"]
    pages += ["/admin/login/", "/admin/password_reset/"]
    for path in pages:
        policy = _policy(client.get(path))
        assert policy["default-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'self'"], path
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path
        # Nothing names another host: every source is a keyword, a nonce or a scheme.
        for values in policy.values():
            assert all(re.fullmatch(r"'[\w-]+'|'nonce-[\w+/=]+'|data:|blob:", v) for v in values)

    newsroom_permissions_sync(actor=SYSTEM)
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động", slug="tin")
    add_article = f"/admin/pages/add/newsroom/articlepage/{section.pk}/"
    client.force_login(officer)
    editor = client.get(add_article)
    assert editor.status_code == 200
    nonce = _policy(editor)["script-src"][1]
    assert re.fullmatch(r"'nonce-[\w+/=]{20,}'", nonce)
    # Wagtail's inline scripts (choosers, date pickers) carry this request's nonce.
    html = editor.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)([^>]*)>", html)
    assert inline
    assert {attrs.strip() for attrs in inline} == {f'nonce="{nonce[7:-1]}"'}
    # A new request, a new nonce.
    again = client.get(add_article)
    assert _policy(again)["script-src"][1] != nonce


@pytest.mark.django_db
def test_a_page_that_needs_no_nonce_gets_none(client, news):  # noqa: F811
    policy = _policy(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


# ---- in the browser --------------------------------------------------------------------

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
});
"""


class Watch:
    """Every request host and every CSP violation of one browser page."""

    def __init__(self, page):
        self.hosts: set[str] = set()
        self.violations: list[str] = []
        self.csp_headers: list[str] = []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("response", self._response)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            self.hosts.add(parts.netloc)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "CSP violation" in text:
            self.violations.append(text)

    def _response(self, response):
        if response.request.resource_type == "document":
            self.csp_headers.append(response.headers.get("content-security-policy", ""))


def _login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def _server(live_server) -> str:
    return urlsplit(live_server.url).netloc


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_watch_sees_a_violation(live_server, page_factory, wagtail_base):
    """The check below can fail: an inline script without the nonce is reported."""
    page = page_factory()
    watch = Watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = 1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in v for v in watch.violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_browses_under_the_policy(live_server, news, page_factory):  # noqa: F811
    for n in range(2):
        ArticlePageFactory(parent=news.section, title=f"Đại hội công đoàn cơ sở {n}")
    page = page_factory()
    watch = Watch(page)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=news.article.title).first.click()
    page.wait_for_url(f"**{news.article.url}")
    page.fill("#site-search-q", "dai hoi")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=dai+hoi")
    assert page.locator(".search-results__title").count() >= 2
    page.goto(live_server.url + "/thanh-vien/dang-nhap/")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/api/v1/docs")  # Swagger UI, from our own static files
    page.wait_for_selector(".swagger-ui .info")
    page.wait_for_load_state("networkidle")

    assert len(watch.csp_headers) == 5
    assert all("default-src 'self'" in header for header in watch.csp_headers)
    assert watch.violations == []
    assert watch.hosts == {_server(live_server)}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_publishes_an_article_and_composes_a_post_under_the_policy(
    live_server,
    news,  # noqa: F811
    page_factory,
):
    officer = UserFactory(username="tuyengiao.khivungtau")
    for role in (Role.OFFICER, Role.APPROVER):
        RoleAssignmentFactory(user=officer, unit=news.tree.unit, role=role)
    sync_admin_access(officer)
    newsroom_permissions_sync(actor=SYSTEM)
    section = SectionIndexFactory(
        parent=news.unit_home, title="Tin hoạt động", slug="tin-hoat-dong"
    )
    channel = ChannelAccountFactory(unit=news.tree.unit, name="Kênh Khí Vũng Tàu")
    title = "Hội nghị người lao động Khí Vũng Tàu"

    page = page_factory()
    watch = Watch(page)
    _login(page, live_server.url, officer.username)

    page.goto(f"{live_server.url}/admin/pages/add/newsroom/articlepage/{section.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_lead", "Người lao động góp ý về tiền lương, ăn ca và an toàn.")
    page.get_by_role("button", name=re.compile("More actions|Thêm thao tác|Thao tác khác")).click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(re.compile(rf".*/admin/pages/{section.pk}/$"))
    article = ArticlePage.objects.get(title=title)
    assert article.live

    page.goto(live_server.url + reverse("channels_posts:add"))
    page.wait_for_load_state("networkidle")
    page.select_option("#id_unit", news.tree.unit.code)
    page.fill("#id_text", "Tháng Công nhân 2026: hội nghị người lao động đã diễn ra.")
    page.locator(f"input[name=channels][value='{channel.pk}']").check()
    page.locator("#w-editor-form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/bai-dang/" in url and "/new/" not in url)
    page.wait_for_load_state("networkidle")
    # Publishing the article made a post for the unit's channel; this is the composed one.
    post = Post.objects.get(text__startswith="Tháng Công nhân 2026")
    assert post.unit == news.tree.unit
    assert f"/{post.pk}/" in page.url

    assert watch.csp_headers
    assert all("default-src 'self'" in header for header in watch.csp_headers)
    assert watch.violations == []
    assert watch.hosts == {_server(live_server)}


# ---- templates -----------------------------------------------------------------------

WEB_TEMPLATES = [
    path
    for app in ("lantoa", "devstack")
    for path in Path(app).rglob("templates/**/*.html")
    if not {"email", "pdf"} & set(path.parts)
]


def test_every_inline_script_and_style_of_a_page_template_asks_for_the_nonce():
    """Mails and PDFs are not pages; every other template's inline <script>
    (not JSON data) and <style> carries `{% csp_nonce %}`."""
    assert len(WEB_TEMPLATES) > 50
    missing = []
    for path in WEB_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" in tag or "application/json" in tag or "application/ld+json" in tag:
                continue
            if 'nonce="{% csp_nonce %}"' not in tag:
                missing.append((str(path), tag))
    assert missing == []
