"""Absolute links for e-mails and PDFs (they are read outside the site)."""

from django.conf import settings
from django.urls import reverse


def absolute(name: str, *args: object) -> str:
    base = str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{reverse(name, args=args)}"


def absolute_path(path: str) -> str:
    """An absolute URL for a site-relative path (media, static)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{str(settings.WAGTAILADMIN_BASE_URL).rstrip('/')}{path}"
