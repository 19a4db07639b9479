"""A dashboard as a periodic report ("báo cáo") to the upper union, in PDF:
the administrative header of a union document, the figures as numbered
sections with tables and the month chart, and the signature block. Made by
WeasyPrint with fonts that cover Vietnamese, embedded from the font packages
the bulletin uses; nothing is fetched from the network."""

from pathlib import Path
from typing import Any

import font_source_sans_pro
import font_source_serif_pro
from django.template.loader import render_to_string

from lantoa.analytics.presentation import month_chart, report_context
from lantoa.analytics.selectors import Dashboard

FONT_DIRS = (
    Path(font_source_sans_pro.font_directory).resolve(),
    Path(font_source_serif_pro.font_directory).resolve(),
)


def font_faces() -> list[dict[str, str]]:
    sans = FONT_DIRS[0]
    serif = FONT_DIRS[1]
    faces = [
        ("Report Sans", "400", "normal", sans / "SourceSansPro-Regular.ttf"),
        ("Report Sans", "700", "normal", sans / "SourceSansPro-Bold.ttf"),
        ("Report Sans", "400", "italic", sans / "SourceSansPro-It.ttf"),
        ("Report Serif", "400", "normal", serif / "SourceSerifPro-Regular.ttf"),
        ("Report Serif", "700", "normal", serif / "SourceSerifPro-Bold.ttf"),
    ]
    return [{"family": f, "weight": w, "style": s, "url": path.as_uri()} for f, w, s, path in faces]


def _fonts_only_fetcher() -> Any:
    """Fetch the font files and nothing else."""
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(allowed_protocols={"file"}, **kwargs)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = Path(url.removeprefix("file://")).resolve()
            if not any(path.is_relative_to(d) for d in FONT_DIRS):
                raise ValueError(f"analytics PDF: refused to fetch {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly()


def dashboard_report_html(dash: Dashboard) -> str:
    parent = dash.unit.get_parent() if dash.unit.depth > 1 else None
    context = report_context(dash)
    # Inline SVG takes no CSS font: name the embedded family on the chart itself.
    context.update(fonts=font_faces(), parent=parent, month_chart=month_chart(dash, "Report Sans"))
    return render_to_string("analytics/pdf/report.html", context)


def dashboard_pdf(dash: Dashboard) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=dashboard_report_html(dash), url_fetcher=_fonts_only_fetcher())
    return document.write_pdf(font_config=FontConfiguration())  # type: ignore[no-any-return]
