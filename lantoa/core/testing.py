"""Helpers for tests that need a system tool (Chromium, poppler, PostgreSQL).

On a newcomer's machine such a test skips with a reason when the tool is
absent; in CI (LANTOA_REQUIRE_SYSTEM_TOOLS=1) the same absence fails the test,
so nothing silently skips there.
"""

import os
import shutil

import pytest


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
