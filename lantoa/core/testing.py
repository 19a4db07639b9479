"""Helpers for tests that need a system tool (Chromium, poppler, PostgreSQL),
and for tests that listen to a domain event (`hearing`).

On a newcomer's machine such a test skips with a reason when the tool is
absent; in CI (LANTOA_REQUIRE_SYSTEM_TOOLS=1) the same absence fails the test,
so nothing silently skips there.
"""

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.core.cache.backends.redis import RedisCache

    from lantoa.core.events import Event, EventType


def require_tool(executable: str, why: str) -> str:
    """Return the path of `executable`, or skip (locally) / fail (in CI)."""
    path = shutil.which(executable)
    if path:
        return path
    message = f"{executable} is not installed: {why}"
    if os.environ.get("LANTOA_REQUIRE_SYSTEM_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def require_module(name: str, why: str) -> None:
    """Import-check an optional Python package (an extra such as `train`): skip
    (locally) or fail (in CI, which installs every extra) when it is missing."""
    try:
        __import__(name)
    except ImportError:
        message = f"Python package {name} is not installed: {why}"
        if os.environ.get("LANTOA_REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)


def require_postgresql() -> None:
    """Skip (locally) or fail (in CI) unless the tests run on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    message = "needs PostgreSQL: run with DATABASE_URL=postgres://…"
    if os.environ.get("LANTOA_REQUIRE_POSTGRES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def redis_cache_client() -> "RedisCache":
    """A Django RedisCache on the local Redis (database 15, a fresh key prefix),
    as one production process would hold; skip (locally) or fail (in CI) without Redis."""
    import socket
    import uuid

    from django.core.cache.backends.redis import RedisCache

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        message = "Redis is not running at 127.0.0.1:6379: production's cache backend"
        if os.environ.get("LANTOA_REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return RedisCache(
        "redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"lantoa-test-{uuid.uuid4().hex}"}
    )


def forget_redis_keys(cache: "RedisCache") -> None:
    """Delete this client's keys only (never FLUSHDB: parallel workers share the database)."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
        client.delete(key)


@contextlib.contextmanager
def hearing(event: "EventType") -> Iterator[list["Event"]]:
    """Subscribe a recorder to `event` for the block: the list fills with the
    events its handler heard (deliveries run at commit: use
    `django_capture_on_commit_callbacks(execute=True)` around the announcer)."""
    from lantoa.core import events

    heard: list[Event] = []
    name = "test.hearing_" + event.name.replace(".", "_")
    events.subscribe(
        event, lambda e, _actor: heard.append(e), name=name, label=f"Kiểm thử {event.name}"
    )
    try:
        yield heard
    finally:
        events.unsubscribe(event, name=name)


# ---- browser tests (Playwright pages) ------------------------------------------------

BROWSER_PASSWORD = "test-password-123"  # noqa: S105 - the factories' test password


def admin_login(page: Any, base: str, username: str, password: str = BROWSER_PASSWORD) -> None:
    """Sign in to the admin through its login form and land on its home."""
    import re

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def serious_violations(page: Any, settle_ms: int = 1000) -> list[tuple[str, str, list[Any]]]:
    """axe-core's serious and critical findings on the page (id, impact, first
    targets), after letting the admin's messages finish fading in."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_timeout(settle_ms)
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
