"""Coverage reports: what the press wrote about a campaign or about a unit
over a period, in PDF (WeasyPrint, `press/pdf/coverage.html`) and XLSX."""

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from lantoa.bulletin.services.pdf import font_faces, local_files_fetcher_class
from lantoa.core.spreadsheets import safe_row
from lantoa.press.choices import Tone
from lantoa.press.selectors import Coverage


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    coverage: Coverage


def coverage_pdf(report: Report) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        "press/pdf/coverage.html",
        {
            "report": report,
            "coverage": report.coverage,
            "tones": [(str(label), report.coverage.tones[value]) for value, label in Tone.choices],
            "fonts": font_faces(),
            "printed_at": timezone.localtime(),
        },
    )
    document = HTML(string=html, url_fetcher=local_files_fetcher_class()())
    return document.write_pdf(font_config=FontConfiguration())  # type: ignore[no-any-return]


def coverage_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Bài báo"
    sheet.append(safe_row([report.title]))
    sheet.append(safe_row([report.subtitle]))
    sheet.append([])
    headers = ["Ngày đăng", "Cơ quan báo chí", "Tiêu đề", "Sắc thái", "Lượng tiếp cận", "Địa chỉ"]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for c in report.coverage.clippings:
        sheet.append(
            safe_row(
                [
                    c.published_on,
                    c.source_name,
                    c.title,
                    c.get_tone_display(),
                    c.effective_reach,
                    c.url,
                ]
            )
        )
    for column, width in zip("ABCDEF", (12, 28, 60, 12, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5, max_col=1):
        row[0].number_format = "DD/MM/YYYY"
    outlets = book.create_sheet("Cơ quan báo chí")
    outlets.append(["Cơ quan báo chí", "Số bài", "Lượng tiếp cận"])
    for o in report.coverage.outlets:
        outlets.append(safe_row([o.name, o.clippings, o.reach]))
    summary = book.create_sheet("Tổng hợp")
    summary.append(["Số bài", report.coverage.count])
    summary.append(["Lượng tiếp cận", report.coverage.reach])
    for value, label in Tone.choices:
        summary.append(safe_row([str(label), report.coverage.tones[value]]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def period_label(start: dt.date, end: dt.date) -> str:
    return f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
