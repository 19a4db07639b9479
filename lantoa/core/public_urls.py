"""The public address of each site, where every absolute link starts.

Feeds, canonical and og:url, the sitemap, robots.txt, bulletin e-mails and PDFs,
channel posts and webhooks all build their links here, never from the request's
host nor from Wagtail's `Site.root_url` (a `make run` install's site is
"localhost:80", which nobody serves).

- A site's own setting (Cài đặt → Địa chỉ công khai) wins;
- otherwise the default site answers at `settings.LANTOA_BASE_URL`
  (`LANTOA_BASE_URL` in the environment; `run_devstack` sets it to the address
  it serves), and any other site at its Wagtail hostname and port.

Each process keeps the configured addresses for `CACHE_SECONDS` and forgets
them as soon as it saves a site or a setting itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings

CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class _SiteAddress:
    configured: str
    is_default: bool
    root_url: str


_cache: dict[str, Any] = {"at": None, "sites": {}, "default": None}


def forget() -> None:
    """Drop this process's copy (a site or its setting changed)."""
    _cache["at"] = None


def _sites() -> tuple[dict[int, _SiteAddress], int | None]:
    at = _cache["at"]
    if at is None or time.monotonic() - at > CACHE_SECONDS:
        from wagtail.models import Site

        from lantoa.core.models import PublicAddress

        configured = dict(PublicAddress.objects.values_list("site_id", "base_url"))
        sites: dict[int, _SiteAddress] = {}
        default: int | None = None
        for site in Site.objects.all():
            sites[site.pk] = _SiteAddress(
                configured=(configured.get(site.pk) or "").rstrip("/"),
                is_default=site.is_default_site,
                root_url=site.root_url,
            )
            if site.is_default_site:
                default = site.pk
        _cache.update(at=time.monotonic(), sites=sites, default=default)
    return _cache["sites"], _cache["default"]


def public_base_url(site_id: int | None = None) -> str:
    """The public base URL of a site (the default site when `site_id` is None),
    without a trailing slash: "https://congdoandaukhi.vn"."""
    sites, default = _sites()
    address = sites.get(site_id if site_id is not None else default or -1)
    if address is not None and address.configured:
        return address.configured
    if address is None or address.is_default:
        return str(settings.LANTOA_BASE_URL).rstrip("/")
    return address.root_url.rstrip("/")


def absolute_url(path: str, site_id: int | None = None) -> str:
    """An absolute URL for a site-relative path ("/media/…", "/ban-tin/…");
    an address that already is absolute is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{public_base_url(site_id)}/{path.lstrip('/')}"


class PublicAddressPageMixin:
    """For Wagtail page models: their URLs start with the site's public address
    (not the hostname the Site record holds), wherever Wagtail builds them
    (`full_url`, the sitemap, the admin's «Xem trực tiếp»)."""

    def get_url_parts(self, request: Any = None) -> Any:
        parts = super().get_url_parts(request)  # type: ignore[misc]
        if parts is None or parts[1] is None:
            return parts
        site_id, _root_url, page_path = parts
        return site_id, public_base_url(site_id), page_path
