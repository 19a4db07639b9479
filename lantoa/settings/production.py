"""Production hardening. Required values have no fallback (STYLE.md §9)."""

from django.core.exceptions import ImproperlyConfigured

from lantoa.settings.base import *  # noqa: F403
from lantoa.settings.base import MIDDLEWARE, STORAGES, env

DEBUG = False


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
_required("DATABASE_URL")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
LANTOA_FERNET_KEYS = env.list("LANTOA_FERNET_KEYS", default=[])
if not LANTOA_FERNET_KEYS:
    raise ImproperlyConfigured("LANTOA_FERNET_KEYS must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("LANTOA_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("LANTOA_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Media and private files as base.py chose them (file system, or S3 with LANTOA_S3_ENABLED).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MIDDLEWARE = list(MIDDLEWARE)
