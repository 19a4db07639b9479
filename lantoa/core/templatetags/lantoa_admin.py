"""The back office carries the union's name and mark, not Wagtail's."""

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


def union_name() -> str:
    """The default site's name (the top union, "Công đoàn Dầu khí Việt Nam"), or
    its home page's title; the configured WAGTAIL_SITE_NAME before any site."""
    from wagtail.models import Site

    row = (
        Site.objects.filter(is_default_site=True)
        .values_list("site_name", "hostname", "root_page__title", "root_page__depth")
        .first()
    )
    if row is not None:
        site_name, hostname, home_title, depth = row
        if site_name and site_name != hostname:
            return str(site_name)
        if depth and depth > 1 and home_title:
            return str(home_title)
    return str(settings.WAGTAIL_SITE_NAME)


@register.simple_tag(takes_context=True)
def brand_name(context: template.Context) -> str:
    """Once per request (tab title, sidebar, login page and dashboard share it)."""
    request: Any = context.get("request")
    if request is None:
        return union_name()
    if not hasattr(request, "_lantoa_brand_name"):
        request._lantoa_brand_name = union_name()
    return str(request._lantoa_brand_name)
