"""Absolute links for e-mails and PDFs (they are read outside the site), on the
default site's public address (lantoa/core/public_urls.py)."""

from django.urls import reverse

from lantoa.core.public_urls import absolute_url


def absolute(name: str, *args: object) -> str:
    return absolute_url(reverse(name, args=args))


def absolute_path(path: str) -> str:
    """An absolute URL for a site-relative path (media, static)."""
    return absolute_url(path)
