"""The print edition: an A4 PDF made by WeasyPrint from HTML and print CSS.

Masthead and cover, a table of contents whose page numbers WeasyPrint fills in
(`target-counter`), running headers and "Trang N/M" footers, two columns for
articles long enough to fill them, images at print resolution. The fonts
(Source Serif Pro for headings, Source Sans Pro for text: both cover
Vietnamese) come from PyPI packages and are embedded; nothing is fetched from
the network — the URL fetcher only opens files under MEDIA_ROOT and the font
folders. A missing image becomes a placeholder box, never a failed issue.
"""

import logging
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import font_source_sans_pro
import font_source_serif_pro
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lantoa.bulletin.models import Issue
from lantoa.bulletin.services.rendering import issue_links, issue_sections, rendition_file

logger = logging.getLogger(__name__)

# Long enough to fill two columns of a page without a lonely half column.
TWO_COLUMN_MIN_CHARS = 1800

FONT_DIRS = (
    Path(font_source_sans_pro.font_directory).resolve(),
    Path(font_source_serif_pro.font_directory).resolve(),
)


def font_faces() -> list[dict[str, str]]:
    """@font-face rules: family, weight, style, file URL (upright serif only:
    its italics lack Vietnamese glyphs, so headings are never italic)."""
    sans = Path(font_source_sans_pro.font_directory)
    serif = Path(font_source_serif_pro.font_directory)
    faces = [
        ("Lantoa Sans", "400", "normal", sans / "SourceSansPro-Regular.ttf"),
        ("Lantoa Sans", "400", "italic", sans / "SourceSansPro-It.ttf"),
        ("Lantoa Sans", "700", "normal", sans / "SourceSansPro-Bold.ttf"),
        ("Lantoa Sans", "700", "italic", sans / "SourceSansPro-BoldIt.ttf"),
        ("Lantoa Serif", "400", "normal", serif / "SourceSerifPro-Regular.ttf"),
        ("Lantoa Serif", "700", "normal", serif / "SourceSerifPro-Bold.ttf"),
    ]
    return [
        {"family": f, "weight": w, "style": s, "url": path.resolve().as_uri()}
        for f, w, s, path in faces
    ]


def _allowed(path: Path) -> bool:
    media = Path(settings.MEDIA_ROOT).resolve()
    return any(path.is_relative_to(root) for root in (media, *FONT_DIRS))


@cache
def local_files_fetcher_class() -> type:
    """A WeasyPrint URL fetcher that opens local media and font files only;
    anything else is refused (WeasyPrint then leaves the element out and the
    issue still renders). Built lazily: WeasyPrint is heavy to import."""
    from weasyprint.urls import URLFetcher

    class LocalFilesFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(allowed_protocols={"file"}, **kwargs)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
            if not url.startswith("file://") or not _allowed(path):
                raise ValueError(f"bulletin PDF: refused to fetch {url[:80]}")
            return super().fetch(url, headers)

    return LocalFilesFetcher


def issue_pdf_html(issue: Issue) -> str:
    print_sections = []
    n = 0
    for section in issue_sections(issue):
        articles = []
        for article in section.articles:
            n += 1
            articles.append(
                {
                    "n": n,
                    "a": article,
                    "image": rendition_file(article.image, "max-1400x1400"),
                    "two_columns": len(article.text) >= TWO_COLUMN_MIN_CHARS,
                    "parts": [
                        {
                            "p": part,
                            "src": rendition_file(part.image, "max-1400x1400")
                            if part.kind == "image"
                            else None,
                        }
                        for part in article.parts
                    ],
                }
            )
        print_sections.append({"title": section.title, "articles": articles})
    context = {
        "issue": issue,
        "bulletin": issue.bulletin,
        "sections": print_sections,
        "cover": rendition_file(issue.cover_image, "fill-1600x1000"),
        "has_cover_image": issue.cover_image_id is not None,
        "fonts": font_faces(),
        **issue_links(issue),
    }
    return render_to_string("bulletin/pdf/issue.html", context)


def issue_pdf_bytes(issue: Issue) -> tuple[bytes, int]:
    """Render the PDF; (bytes, page count)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = HTML(
        string=issue_pdf_html(issue),
        base_url=Path(settings.MEDIA_ROOT).resolve().as_uri() + "/",
        url_fetcher=local_files_fetcher_class()(),
    ).render(font_config=font_config)
    return document.write_pdf(), len(document.pages)


def issue_pdf_render(*, issue_id: int) -> Issue:
    """Render and store the issue's PDF (replaces an earlier one). Idempotent."""
    issue = Issue.objects.select_related("bulletin__unit", "cover_image").get(pk=issue_id)
    return issue_pdf_store(issue)


def issue_pdf_store(issue: Issue) -> Issue:
    data, pages = issue_pdf_bytes(issue)
    name = f"{issue.bulletin.unit.slug}-{issue.year}-{issue.number:02d}.pdf"
    old = issue.pdf.name if issue.pdf else ""
    issue.pdf.save(name, ContentFile(data), save=False)
    issue.pdf_pages = pages
    issue.pdf_rendered_at = timezone.now()
    issue.save(update_fields=["pdf", "pdf_pages", "pdf_rendered_at"])
    if old and old != issue.pdf.name:
        issue.pdf.storage.delete(old)
    return issue


def enqueue_pdf_render(issue_id: int) -> None:
    from lantoa.bulletin import tasks

    transaction.on_commit(lambda: tasks.issue_pdf_render_task.enqueue(issue_id=issue_id))
