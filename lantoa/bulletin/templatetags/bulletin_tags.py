"""The bulletin's public pages wear the masthead and menu of the unit's news
site (lantoa/core/unit_pages.py), so the archive carries the union's name."""

from typing import Any

from django import template

from lantoa.core.unit_pages import UnitChrome, unit_chrome

register = template.Library()


@register.simple_tag
def bulletin_chrome(bulletin: Any) -> UnitChrome | None:
    """Looked up once per bulletin object (the page's head and header ask)."""
    if bulletin is None or not hasattr(bulletin, "unit"):
        return None
    if not hasattr(bulletin, "_lantoa_chrome"):
        bulletin._lantoa_chrome = unit_chrome(bulletin.unit)
    return bulletin._lantoa_chrome  # type: ignore[no-any-return]
