"""Starting real worker processes from a test, against the test's own database.

Used by crash tests: the test enqueues work, starts `manage.py db_worker`
subprocesses that see the same database, kills them at chosen moments and
starts them again.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """A URL for the database this test runs on (the test database)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "lantoa.settings.test",
        "DATABASE_URL": database_url(),
        "LANTOA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LANTOA_FERNET_KEYS": ",".join(settings.LANTOA_FERNET_KEYS),
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    return env


def start_worker(
    env: Mapping[str, str],
    log: Path,
    command: Sequence[str] = ("db_worker", "--interval", "0.1"),
) -> subprocess.Popen[bytes]:
    """`manage.py <command>` (a `db_worker` unless told) in its own session."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - manage.py with the test's own arguments
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no cleanup, no chance to record anything — a crash."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
