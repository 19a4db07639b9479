"""Global fixtures only (STYLE.md §10): wiring, not data."""

import os
import shutil

import pytest

# Shared wiring other apps' tests use by name: the platforms' local fakes and the
# bearer-token API caller.
pytest_plugins = ["lantoa.channels.tests.platforms", "lantoa.core.api.testing"]


def pytest_collection_modifyitems(config, items):
    """Every transactional test rolls back by serialisation, and tests marked
    `postgres` (row locks, concurrent transactions) are left out of a run on
    SQLite, not skipped: CI runs the suite on both databases, so each of them
    runs once there and nothing skips."""
    _serialized_rollback_everywhere(items)
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    left_out = [item for item in items if item.get_closest_marker("postgres") is not None]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item.get_closest_marker("postgres") is None]


def _serialized_rollback_everywhere(items) -> None:
    """A transactional test without serialised rollback ends with a flush that
    re-creates content types and permissions under new ids; a serialised test
    after it on the same worker then fails to load the rows the migrations made
    ("UNIQUE constraint failed: django_content_type"). With every transactional
    test serialised, each one starts from the migrated database, whatever ran
    before it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        serialized = pytest.mark.django_db(
            *marker.args, **{**marker.kwargs, "serialized_rollback": True}
        )
        item.add_marker(serialized, append=False)  # first: the closest marker


def pytest_configure(config):
    _serialized_tests_load_the_migrated_rows()


_migrated_rows: dict[str, str] = {}
_migrated_content_types: dict[str, list] = {}


def _serialized_tests_load_the_migrated_rows() -> None:
    """A serialised transactional test starts from the rows the migrations made,
    whatever ran before it. Django keeps those rows on the connection object of
    the context that created the test database; a test that runs beside
    Playwright's greenlets sees another connection object without them and would
    silently start from an empty database (no Wagtail root, no permissions). So:
    - the rows are kept per database alias, and given to the connection a test sees;
    - leftovers are flushed first: a request still running in the live server
      after a browser test timed out, or a worker process that outlived its test,
      can write after the previous flush (the first test of a run finds the
      database as migrated and loads over it, as Django does);
    - content types are remembered with the ids about to be loaded: saving the
      loaded rows looks content types up, and one missing from the process's
      cache would be created under a new id before its own row is loaded."""
    import json

    from django.db.backends.base.creation import BaseDatabaseCreation
    from django.test import TransactionTestCase

    serialize = BaseDatabaseCreation.serialize_db_to_string

    def serialize_db_to_string(self):
        rows = serialize(self)
        _migrated_rows[self.connection.alias] = rows
        _migrated_content_types[self.connection.alias] = [
            row for row in json.loads(rows) if row["model"] == "contenttypes.contenttype"
        ]
        return rows

    BaseDatabaseCreation.serialize_db_to_string = serialize_db_to_string

    load_migrated_rows = TransactionTestCase._fixture_setup.__func__
    flush_after_test = TransactionTestCase._fixture_teardown
    flushed: set[str] = set()

    def _fixture_teardown(self):
        for alias in self._databases_names(include_mirrors=False):
            _give_migrated_rows(alias)
        flush_after_test(self)
        flushed.update(self._databases_names(include_mirrors=False))

    def _fixture_setup(cls):
        if cls.serialized_rollback:
            from django.contrib.contenttypes.models import ContentType
            from django.core.management import call_command

            for alias in cls._databases_names(include_mirrors=False):
                _give_migrated_rows(alias)
                if alias in flushed and ContentType.objects.using(alias).exists():
                    call_command(
                        "flush",
                        verbosity=0,
                        interactive=False,
                        database=alias,
                        reset_sequences=False,
                        inhibit_post_migrate=True,
                    )
                ContentType.objects.clear_cache()
                for row in _migrated_content_types.get(alias, []):
                    content_type = ContentType(pk=row["pk"], **row["fields"])
                    ContentType.objects._add_to_cache(alias, content_type)
        load_migrated_rows(cls)

    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown


def _give_migrated_rows(alias: str) -> None:
    from django.db import connections

    connection = connections[alias]
    if alias in _migrated_rows and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _migrated_rows[alias]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _forget_cached_state():
    """Each test starts with an empty in-process cache and no remembered public
    addresses. A test's rolled-back transaction leaves the cache as it was, and
    SQLite hands the rolled-back ids out again: Wagtail's site root paths, the
    newsroom's cached site and site generations of one test would otherwise
    route the next test's pages to another test's rows (their URLs came out None)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from lantoa.core import public_urls

    # Content types are remembered per process by id: a test that re-created them
    # (migrations run backwards and forwards) would leave ids the next test's
    # database does not hold.
    ContentType.objects.clear_cache()
    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()
    public_urls.forget()


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
