"""A dashboard as a periodic report ("báo cáo") to the upper union, in PDF:
the administrative header of a union document, the figures as numbered
sections with tables and the month chart, and the signature block. Made by
WeasyPrint with fonts that cover Vietnamese, embedded from the font packages
the bulletin uses; nothing is fetched from the network."""

from django.template.loader import render_to_string

from lantoa.analytics.presentation import month_chart, report_context
from lantoa.analytics.selectors import Dashboard
from lantoa.core.pdf import SANS, font_faces, report_pdf


def dashboard_report_html(dash: Dashboard) -> str:
    parent = dash.unit.get_parent() if dash.unit.depth > 1 else None
    context = report_context(dash)
    # Inline SVG takes no CSS font: name the embedded family on the chart itself.
    context.update(fonts=font_faces(), parent=parent, month_chart=month_chart(dash, SANS))
    return render_to_string("analytics/pdf/report.html", context)


def dashboard_pdf(dash: Dashboard) -> bytes:
    return report_pdf(dashboard_report_html(dash), what="analytics PDF")
