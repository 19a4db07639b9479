"""Printed reports (WeasyPrint): fonts that cover Vietnamese, embedded from the
font packages, and a fetcher that serves those font files and nothing else,
so a report never fetches from the network or reads another file.

A report's template declares `fonts` (`font_faces()`) as @font-face rules and
names the families "Report Sans" and "Report Serif"; `report_pdf` prints it.
"""

from pathlib import Path
from typing import Any

import font_source_sans_pro
import font_source_serif_pro

FONT_DIRS = (
    Path(font_source_sans_pro.font_directory).resolve(),
    Path(font_source_serif_pro.font_directory).resolve(),
)
SANS, SERIF = "Report Sans", "Report Serif"


def font_faces() -> list[dict[str, str]]:
    """@font-face rules (family, weight, style, file URL); upright serif only:
    its italics lack Vietnamese glyphs."""
    sans, serif = FONT_DIRS
    faces = [
        (SANS, "400", "normal", sans / "SourceSansPro-Regular.ttf"),
        (SANS, "700", "normal", sans / "SourceSansPro-Bold.ttf"),
        (SANS, "400", "italic", sans / "SourceSansPro-It.ttf"),
        (SERIF, "400", "normal", serif / "SourceSerifPro-Regular.ttf"),
        (SERIF, "700", "normal", serif / "SourceSerifPro-Bold.ttf"),
    ]
    return [{"family": f, "weight": w, "style": s, "url": path.as_uri()} for f, w, s, path in faces]


def fonts_only_fetcher(what: str) -> Any:
    """A WeasyPrint URL fetcher that serves the font files and refuses
    anything else (`what` names the report in the refusal)."""
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(allowed_protocols={"file"}, **kwargs)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = Path(url.removeprefix("file://")).resolve()
            if not any(path.is_relative_to(d) for d in FONT_DIRS):
                raise ValueError(f"{what}: refused to fetch {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly()


def report_pdf(html: str, *, what: str) -> bytes:
    """The report's HTML (its fonts from `font_faces()`), printed to PDF."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=html, url_fetcher=fonts_only_fetcher(what))
    return document.write_pdf(font_config=FontConfiguration())  # type: ignore[no-any-return]
