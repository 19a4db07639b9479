"""Fast, deterministic settings for pytest (STYLE.md §10)."""

import os
import tempfile

from cryptography.fernet import Fernet

from lantoa.settings.base import *  # noqa: F403
from lantoa.settings.base import DATABASES, INSTALLED_APPS, PRIVATE_STORAGE, STORAGES, VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The development stack (platform fakes, SMTP sink, demo union, run_devstack):
# outside the product package, installed here and never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devstack"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": _worker,
    }
}
STATIC_ROOT = tempfile.mkdtemp(prefix="lantoa-static-")  # type: ignore[assignment]
MEDIA_ROOT = tempfile.mkdtemp(  # type: ignore[assignment]
    prefix=f"lantoa-media-{_worker}-"
)
PRIVATE_ROOT = tempfile.mkdtemp(prefix=f"lantoa-private-{_worker}-")  # type: ignore[assignment]
STORAGES = {
    **STORAGES,
    "private": {**PRIVATE_STORAGE, "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None}},
}
# Tasks run inline in tests, unless a test starts real worker processes, which
# get LANTOA_TASKS_BACKEND=django_tasks_db.DatabaseBackend in their environment.
TASKS: dict[str, dict[str, object]] = {  # type: ignore[no-redef]
    "default": {
        "BACKEND": env.str(
            "LANTOA_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
        "ENQUEUE_ON_COMMIT": False,
    }
}
VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that worker processes started by a test see its data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# A fresh key for each run: nothing encrypted outlives the run, nothing committed.
LANTOA_FERNET_KEYS = env.list("LANTOA_FERNET_KEYS", default=[Fernet.generate_key().decode()])
AXES_ENABLED = True
# SMS sign-in codes land in lantoa.memberarea.sms.outbox (the adapter itself is
# tested against the local eSMS fake).
LANTOA_SMS_ENABLED = True
LANTOA_SMS_BACKEND = "locmem"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "CRITICAL"},
}

# No test talks to a real platform: unless a test starts a fake and points the
# adapter at it, calls go to a closed local port and fail as "cannot connect".
# Worker processes started by a test get the fake's URL through the environment.
LANTOA_CHANNEL_API_URLS = {
    "facebook_page": env.str("LANTOA_FACEBOOK_GRAPH_URL", default="http://127.0.0.1:9/v25.0"),
    "zalo_oa": env.str("LANTOA_ZALO_API_URL", default="http://127.0.0.1:9"),
    "viber_channel": env.str("LANTOA_VIBER_API_URL", default="http://127.0.0.1:9"),
    "telegram_channel": env.str("LANTOA_TELEGRAM_API_URL", default="http://127.0.0.1:9"),
    "zalo_oauth": env.str("LANTOA_ZALO_OAUTH_URL", default="http://127.0.0.1:9"),
}
# Reported pages in tests are served on 127.0.0.1; a test that wants a
# screenshot turns screenshots on (Chromium start-up is slow).
LANTOA_INCIDENTS_SNAPSHOT_PRIVATE_HOSTS = True
LANTOA_INCIDENTS_SCREENSHOTS = False
