"""One issue, read once, for every rendering: web edition, e-mail and PDF."""

import logging
from dataclasses import dataclass, field
from typing import Any

from lantoa.bulletin.content import ArticleView, article_view
from lantoa.bulletin.links import absolute, absolute_path
from lantoa.bulletin.models import Issue

logger = logging.getLogger(__name__)


@dataclass
class Section:
    title: str
    articles: list[ArticleView] = field(default_factory=list)


def issue_sections(issue: Issue) -> list[Section]:
    """The issue's articles grouped into sections, in reading order. A row with
    a blank section continues the previous one; pages since deleted are skipped."""
    sections: list[Section] = []
    rows = issue.articles.select_related("page").order_by("sort_order", "id")
    for row in rows:
        if row.page is None:
            continue
        title = row.section.strip()
        if not sections or (title and title != sections[-1].title):
            sections.append(Section(title=title))
        sections[-1].articles.append(article_view(row.page))
    return sections


def rendition_url(image: Any, spec: str) -> str | None:
    """Absolute URL of a rendition; None when the image file is missing or
    unreadable (the caller shows a placeholder, never fails)."""
    if image is None:
        return None
    try:
        return absolute_path(image.get_rendition(spec).url)
    except Exception:  # noqa: BLE001 - a missing or corrupt original must not fail an issue
        logger.warning(
            "bulletin: rendition %s of image %s failed", spec, getattr(image, "pk", None)
        )
        return None


def rendition_file(image: Any, spec: str) -> str | None:
    """A file:// URL of a rendition, for WeasyPrint (no HTTP round trip)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        path = rendition.file.path
    except Exception:  # noqa: BLE001 - see rendition_url
        logger.warning(
            "bulletin: rendition %s of image %s failed", spec, getattr(image, "pk", None)
        )
        return None
    return f"file://{path}"


def issue_links(issue: Issue) -> dict[str, str]:
    unit = issue.bulletin.unit
    return {
        "web_url": absolute("bulletin:issue", unit.slug, issue.year, issue.number),
        "pdf_url": absolute("bulletin:issue_pdf", unit.slug, issue.year, issue.number),
        "archive_url": absolute("bulletin:archive", unit.slug),
        "subscribe_url": absolute("bulletin:subscribe", unit.slug),
    }
