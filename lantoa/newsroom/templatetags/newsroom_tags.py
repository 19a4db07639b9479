"""Template tags of the public site: meta tags, JSON-LD, sections' article lists."""

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from lantoa.core.public_urls import absolute_url
from lantoa.newsroom.models import ArticlePage

register = template.Library()

OG_IMAGE_SPEC = "fill-1200x630|format-jpeg"


def _og_image_url(request: Any, image: Any) -> str:
    if image is None:
        return ""
    rendition = image.get_rendition(OG_IMAGE_SPEC)
    return absolute_url(str(rendition.url))


@register.inclusion_tag("newsroom/includes/meta.html", takes_context=True)
def page_meta(context: template.Context, page: Any) -> dict[str, Any]:
    """Description, canonical URL, Open Graph and Twitter cards of a page."""
    request = context.get("request")
    site_home = context.get("site_home")
    canonical = page.get_full_url(request) if page is not None else ""
    if canonical and request is not None and request.GET.get("trang"):
        canonical += f"?trang={request.GET['trang']}"
    image = getattr(page, "hero_image", None) or getattr(page, "cover_image", None)
    return {
        "canonical": canonical,
        "description": getattr(page, "seo_description", "") or "",
        "title": (getattr(page, "seo_title", "") or getattr(page, "title", "")),
        "site_name": site_home.title if site_home is not None else "",
        "og_type": "article" if isinstance(page, ArticlePage) else "website",
        "image_url": _og_image_url(request, image),
        "published": getattr(page, "first_published_at", None),
        "modified": getattr(page, "last_published_at", None),
        "noindex": bool(context.get("noindex")),
    }


@register.simple_tag(takes_context=True)
def article_jsonld(context: template.Context, article: ArticlePage) -> SafeString:
    """A schema.org NewsArticle as JSON-LD, safe to embed in HTML."""
    request = context.get("request")
    site_home = context.get("site_home")
    publisher = site_home.unit.name if site_home is not None else ""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "mainEntityOfPage": article.get_full_url(request),
        "inLanguage": "vi",
        "datePublished": article.display_date.isoformat(),
        "dateModified": (article.last_published_at or article.display_date).isoformat(),
        "author": [{"@type": "Person", "name": article.author or publisher}],
        "publisher": {"@type": "Organization", "name": publisher},
    }
    image_url = _og_image_url(request, article.hero_image)
    if image_url:
        data["image"] = [image_url]
    payload = json.dumps(data, ensure_ascii=False)
    # "</script>" or "<!--" inside a title must not end the script element.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.filter
def section_items(mapping: dict[str, list[Any]], section: Any) -> list[Any]:
    """{{ section_articles|section_items:section }}: a section's block on the home page."""
    return mapping.get(section.path, []) if mapping else []
