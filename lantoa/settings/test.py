"""Fast, deterministic settings for pytest (STYLE.md §10)."""

import os
import tempfile

from cryptography.fernet import Fernet

from lantoa.settings.base import *  # noqa: F403
from lantoa.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
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
TASKS: dict[str, dict[str, object]] = {  # type: ignore[no-redef]
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
# A fresh key for each run: nothing encrypted outlives the run, nothing committed.
LANTOA_FERNET_KEYS = env.list("LANTOA_FERNET_KEYS", default=[Fernet.generate_key().decode()])
AXES_ENABLED = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "CRITICAL"},
}
