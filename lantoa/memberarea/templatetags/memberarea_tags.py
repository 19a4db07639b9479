from django import template
from django.http import HttpRequest

from lantoa.memberarea.sections import NavLink, nav_links

register = template.Library()


@register.simple_tag(takes_context=True)
def member_nav(context: template.Context) -> list[tuple[NavLink, bool]]:
    """The registered navigation links, each with whether it is the current page."""
    request: HttpRequest | None = context.get("request")
    current = request.path if request is not None else ""
    links = []
    for link in nav_links():
        url = link.url
        active = current == url if url.rstrip("/").count("/") <= 1 else current.startswith(url)
        links.append((link, active))
    return links
