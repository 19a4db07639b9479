"""Charts drawn on the server as SVG: readable without JavaScript, printed as
they are into the PDF report, and carrying their numbers as text (each bar
has its value above it and a <title>; the page shows the same figures in a
table beside the chart)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lantoa.analytics.formatting import vn_number


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    values: Sequence[int]


def grouped_bars_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    height: int = 240,
    font_family: str = "sans-serif",
) -> SafeString:
    """Vertical bars, one group per category (month), one bar per series."""
    group_width = 56
    bar_width = max(6, (group_width - 12) // max(len(series), 1))
    left, top, bottom = 8, 28, 44
    width = left * 2 + group_width * len(categories)
    plot = height - top - bottom
    peak = max((v for s in series for v in s.values), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="lt-chart" '
        f'font-family="{escape(font_family)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot}" x2="{width - left}" y2="{top + plot}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for i, category in enumerate(categories):
        x0 = left + i * group_width + 6
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0
            h = round(plot * value / peak)
            x = x0 + j * bar_width
            y = top + plot - h
            text = f"{category} — {s.label}: {vn_number(value)}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{bar_width - 2}" height="{h}" fill="{s.color}">'
                f"<title>{escape(text)}</title></rect>"
            )
            parts.append(
                f'<text x="{x + (bar_width - 2) / 2}" y="{y - 3}" font-size="9" '
                f'text-anchor="middle" fill="#222">{escape(vn_number(value))}</text>'
            )
        parts.append(
            f'<text x="{x0 + (bar_width * len(series)) / 2}" y="{top + plot + 16}" font-size="11" '
            f'text-anchor="middle" fill="#222">{escape(category)}</text>'
        )
    legend_x = left
    for s in series:
        parts.append(
            f'<rect x="{legend_x}" y="6" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{legend_x + 16}" y="16" font-size="11" fill="#222">{escape(s.label)}</text>'
        )
        legend_x += 24 + 7 * len(s.label)
    parts.append("</svg>")
    return mark_safe("".join(parts))
