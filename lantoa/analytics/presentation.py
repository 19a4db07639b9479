"""What the dashboard, the PDF report and the XLSX export show, built once
from a `Dashboard`: labelled rows and the month chart. Keeping one source
for the three means the report says exactly what the screen says."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lantoa.analytics.charts import Series, grouped_bars_svg
from lantoa.analytics.figures import Branch, Compliance, Coverage
from lantoa.analytics.selectors import Dashboard
from lantoa.analytics.services.state_facts import STALE_DAYS
from lantoa.core.dates import format_datetime_line

ARTICLE_COLOR = "#1f5fa8"
POST_COLOR = "#d9822b"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    part: int
    whole: int
    percent: float | None


def indicators(coverage: Coverage) -> list[Indicator]:
    """The three coverage indicators of the union's plan."""
    return [
        Indicator(
            "social",
            "Đơn vị có kênh mạng xã hội đang hoạt động",
            coverage.units_social,
            coverage.units,
            coverage.pct_social,
        ),
        Indicator(
            "site",
            "Đơn vị có trang thông tin điện tử",
            coverage.units_site,
            coverage.units,
            coverage.pct_site,
        ),
        Indicator(
            "bulletin",
            "Đơn vị phát hành bản tin",
            coverage.units_bulletin,
            coverage.units,
            coverage.pct_bulletin,
        ),
    ]


@dataclass(frozen=True)
class ChildRow:
    branch: Branch
    is_active: bool


def month_chart(dash: Dashboard, font_family: str = "sans-serif") -> str:
    return grouped_bars_svg(
        font_family=font_family,
        title=f"Sản lượng nội dung theo tháng, {dash.period.label}",
        categories=[row.label for row in dash.months],
        series=[
            Series("Tin bài", ARTICLE_COLOR, [row.output.articles for row in dash.months]),
            Series("Bài đăng MXH", POST_COLOR, [row.output.posts_sent for row in dash.months]),
        ],
    )


def compliance_text(c: Compliance) -> str:
    return f"{c.done}/{c.tasks}" if c.tasks else "—"


def report_context(dash: Dashboard) -> dict[str, Any]:
    """Everything the three renderings share."""
    return {
        "dash": dash,
        "unit": dash.unit,
        "period": dash.period,
        "indicators": indicators(dash.coverage),
        "stale_days": STALE_DAYS,
        "month_chart": month_chart(dash),
        "refreshed_label": (
            format_datetime_line(dash.refreshed_at) if dash.refreshed_at else "chưa cập nhật"
        ),
        "today": timezone.localdate(),
        "children": [ChildRow(b, b.unit.is_active) for b in dash.children],
    }
