"""Global fixtures only (STYLE.md §10): wiring, not data."""

import os
import shutil

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (its own browser download needs the
    internet). Skips locally without Chromium; fails in CI."""
    from lantoa.core.testing import require_tool

    require_tool("chromium", "browser tests drive Debian's Chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # the tests make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_factory(browser):
    """new_page(width=1280, height=900): a fresh Vietnamese-locale page; closed after the test."""
    contexts = []

    def new_page(width: int = 1280, height: int = 900):
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def wagtail_base(request):
    """Wagtail's root page, root collection, default locale and site, as its
    migrations create them. A transactional test (live server, browser, worker
    processes) ends by flushing the test database; with --reuse-db a later
    session may start without them."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root")
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=Page.get_first_root_node(),
            is_default_site=True,
        )


@pytest.fixture
def redis_two_processes():
    """Two Django RedisCache clients on the local Redis with one key prefix, as two
    production processes hold them; their keys are deleted afterwards."""
    from django.core.cache.backends.redis import RedisCache

    from lantoa.core.testing import forget_redis_keys, redis_cache_client

    first = redis_cache_client()
    second = RedisCache(first._servers[0], {"KEY_PREFIX": first.key_prefix})
    yield first, second
    forget_redis_keys(first)
