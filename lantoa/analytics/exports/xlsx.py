"""A dashboard as an XLSX workbook: one sheet per table of the screen, numbers
as numbers (percentages as fractions formatted "0.0%"), so an office can add
up, chart and paste them into its own report."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lantoa.analytics.presentation import indicators
from lantoa.analytics.selectors import Dashboard
from lantoa.core.spreadsheets import safe_row

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
PERCENT = "0.0%"


def _append(sheet: Any, values: list[Any]) -> None:
    """Every row goes through here: text never becomes a formula."""
    sheet.append(safe_row(values))


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 4)


def _table(
    sheet: Worksheet, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
    percent_columns: Sequence[int] = (),
) -> None:  # fmt: skip
    _append(sheet, [title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
    _append(sheet, list(headers))
    header_row = sheet.max_row
    for col in range(1, len(headers) + 1):
        cell = sheet.cell(row=header_row, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        _append(sheet, list(row))
        for col in percent_columns:
            sheet.cell(row=sheet.max_row, column=col).number_format = PERCENT
    for col in range(1, len(headers) + 1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 42 if col == 1 else 16


def dashboard_xlsx(dash: Dashboard) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    cov, out, tasks = dash.coverage, dash.output, dash.compliance
    _append(summary, [f"Số liệu độ phủ và tiếp cận — {dash.unit.name}"])
    summary.cell(row=1, column=1).font = Font(bold=True, size=14)
    _append(summary, [f"Kỳ báo cáo: {dash.period.label} (gồm mọi đơn vị trực thuộc)"])
    _append(summary, [])
    _table(
        summary,
        "Chỉ tiêu độ phủ",
        ["Chỉ tiêu", "Số đơn vị đạt", "Tổng số đơn vị", "Tỉ lệ"],
        [(i.label, i.part, i.whole, _fraction(i.percent)) for i in indicators(cov)],
        percent_columns=[4],
    )
    _append(summary, [])
    _table(
        summary,
        "Kênh và tiếp cận",
        ["Số liệu", "Giá trị"],
        [
            ("Đơn vị (mọi cấp, đang hoạt động)", cov.all_units),
            ("Đoàn viên", cov.members),
            ("Kênh truyền thông", cov.channels),
            ("Kênh đang kết nối", cov.channels_active),
            ("Kênh mạng xã hội đang hoạt động", cov.social_live),
            ("Kênh lâu không đăng bài", cov.stale_channels),
            ("Người theo dõi (các kênh có số liệu)", cov.followers),
            ("Kênh có số người theo dõi", cov.followers_channels),
            ("Người nhận số bản tin gần nhất", cov.bulletin_recipients),
            ("Người đăng ký bản tin ngoài đoàn viên", cov.bulletin_subscribers),
        ],
    )
    _append(summary, [])
    _table(
        summary,
        "Sản lượng trong kỳ",
        ["Số liệu", "Giá trị"],
        [
            ("Tin bài", out.articles),
            ("Bài đăng mạng xã hội", out.posts_sent),
            ("Lượt đăng trên các kênh", out.deliveries_sent),
            ("Lượt tiếp cận bài đăng", out.reach),
            ("Số bản tin phát hành", out.issues_sent),
            ("Lượt nhận bản tin", out.issue_recipients),
            ("Sự kiện được tổ chức", out.events_held),
            ("Lượt điểm danh tại sự kiện", out.attendees),
            ("Buổi sinh hoạt của các chương trình", out.programme_sessions),
            ("Lượt người tham gia các chương trình", out.session_participants),
            ("Nhiệm vụ theo định hướng (có hạn hoàn thành trong kỳ)", tasks.tasks),
            ("Đã hoàn thành", tasks.done),
            ("Hoàn thành đúng hạn", tasks.done_on_time),
            ("Quá hạn chưa hoàn thành", tasks.late),
            ("Chưa tới hạn", tasks.open),
        ],
    )

    levels = workbook.create_sheet("Theo cấp")
    _table(
        levels,
        "Độ phủ và thực hiện định hướng theo cấp",
        [
            "Cấp",
            "Số đơn vị",
            "Có kênh MXH hoạt động",
            "Tỉ lệ",
            "Có trang thông tin",
            "Có bản tin",
            "Nhiệm vụ",
            "Đã hoàn thành",
            "Tỉ lệ hoàn thành",
        ],
        [
            (
                k.label + ("" if k.counted else " (không tính chỉ tiêu)"),
                k.coverage.all_units,
                k.coverage.units_social if k.counted else None,
                _fraction(k.coverage.pct_social),
                k.coverage.units_site if k.counted else None,
                k.coverage.units_bulletin if k.counted else None,
                k.compliance.tasks,
                k.compliance.done,
                _fraction(k.compliance.pct_done),
            )
            for k in dash.kinds
        ],
        percent_columns=[4, 9],
    )

    children = workbook.create_sheet("Đơn vị trực thuộc")
    branches = [dash.own, *dash.children]
    _table(
        children,
        "Các đơn vị trực thuộc (mỗi dòng gồm cả các đơn vị cấp dưới)",
        [
            "Đơn vị",
            "Mã",
            "Số đơn vị tính chỉ tiêu",
            "Có kênh MXH hoạt động",
            "Tỉ lệ",
            "Có trang thông tin",
            "Có bản tin",
            "Kênh lâu không đăng",
            "Tin bài",
            "Bài đăng MXH",
            "Nhiệm vụ",
            "Đã hoàn thành",
            "Tỉ lệ hoàn thành",
        ],
        [
            (
                f"{b.unit.name} (riêng đơn vị)" if b is dash.own else b.unit.name,
                b.unit.code,
                b.coverage.units,
                b.coverage.units_social,
                _fraction(b.coverage.pct_social),
                b.coverage.units_site,
                b.coverage.units_bulletin,
                b.coverage.stale_channels,
                b.output.articles,
                b.output.posts_sent,
                b.compliance.tasks,
                b.compliance.done,
                _fraction(b.compliance.pct_done),
            )
            for b in branches
        ],
        percent_columns=[5, 13],
    )

    platforms = workbook.create_sheet("Theo nền tảng")
    _table(
        platforms,
        "Kênh theo nền tảng",
        [
            "Nền tảng",
            "Số kênh",
            "Đang kết nối",
            "Đang hoạt động",
            "Lâu không đăng",
            "Người theo dõi",
        ],
        [(p.label, p.channels, p.active, p.live, p.stale, p.followers) for p in dash.platforms],
    )

    months = workbook.create_sheet("Theo tháng")
    _table(
        months,
        "Sản lượng theo tháng",
        [
            "Tháng",
            "Tin bài",
            "Bài đăng MXH",
            "Lượt đăng trên kênh",
            "Lượt tiếp cận",
            "Số bản tin",
            "Lượt nhận bản tin",
            "Sự kiện",
            "Lượt điểm danh",
            "Buổi sinh hoạt chương trình",
            "Lượt tham gia chương trình",
        ],
        [
            (
                r.label,
                r.output.articles,
                r.output.posts_sent,
                r.output.deliveries_sent,
                r.output.reach,
                r.output.issues_sent,
                r.output.issue_recipients,
                r.output.events_held,
                r.output.attendees,
                r.output.programme_sessions,
                r.output.session_participants,
            )
            for r in dash.months
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
