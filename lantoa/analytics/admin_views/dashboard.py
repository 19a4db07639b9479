"""The coverage dashboard of a unit's subtree, its drill-down to the child
units, and its exports (XLSX, PDF report). Charts are server-drawn SVG and
HTML/CSS bars that carry their numbers, with the same figures in tables."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages

from lantoa.analytics.admin_views.common import (
    DASHBOARD,
    TERM,
    AnalyticsAccessMixin,
    dashboard_url,
    home_crumb,
    requested_period,
    requested_unit,
)
from lantoa.analytics.exports.pdf import dashboard_pdf
from lantoa.analytics.periods import Period, add_months
from lantoa.analytics.presentation import report_context
from lantoa.analytics.selectors import Dashboard, ancestors_in_scope, dashboard_for
from lantoa.core.admin_views import AdminPageView
from lantoa.incidents.selectors import Indicators, indicators_for
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can


def period_choices(unit: OrgUnit, current: Period) -> list[tuple[str, str, bool]]:
    """Quick periods: the last 12 months, this year, last year."""
    today = Period.last_months(1).last.year
    choices = [
        ("12 tháng gần nhất", Period.last_months(12)),
        (f"Năm {today}", Period.years(today, today)),
        (f"Năm {today - 1}", Period.years(today - 1, today - 1)),
    ]
    return [(label, dashboard_url(unit, p), p == current) for label, p in choices]


def last_day(period: Period) -> dt.date:
    return add_months(period.last, 1) - dt.timedelta(days=1)


def incident_indicators(dash: Dashboard) -> Indicators:
    """The incidents of the dashboard's unit and period, as the incidents app
    counts them (live: incidents are not in the nightly figures)."""
    return indicators_for(dash.unit, dash.period.first, last_day(dash.period))


class DashboardMixin(AnalyticsAccessMixin):
    request: HttpRequest

    def load(self) -> Dashboard:
        unit = requested_unit(self.request)
        period, error = requested_period(self.request)
        if error:
            messages.error(self.request, error)
        return dashboard_for(unit, period)


class DashboardView(DashboardMixin, AdminPageView):
    template_name = "analytics/admin/dashboard.html"
    page_title = _("Số liệu độ phủ và tiếp cận")
    header_icon = "table"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.dash = self.load()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Số liệu độ phủ và tiếp cận")}]

    def get_page_subtitle(self) -> str:
        return self.dash.unit.name

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dash = self.dash
        period = dash.period
        context.update(report_context(dash))
        context.update(
            child_links=[
                (row, dashboard_url(row.branch.unit, period)) for row in context["children"]
            ],
            ancestors=[
                (u, dashboard_url(u, period))
                for u in ancestors_in_scope(self.request.user, dash.unit)
            ],
            periods=period_choices(dash.unit, period),
            first_value=f"{period.first:%Y-%m}",
            last_value=f"{period.last:%Y-%m}",
            previous_url=dashboard_url(
                dash.unit, Period(add_months(period.first, -12), add_months(period.last, -12))
            ),
            xlsx_url=dashboard_url(dash.unit, period, "xlsx"),
            pdf_url=dashboard_url(dash.unit, period, "pdf"),
            term_url=reverse(f"{TERM}:index"),
            index_url=reverse(f"{DASHBOARD}:index"),
            incidents=incident_indicators(dash),
            # The incidents themselves are for those who handle them.
            incidents_url=(
                reverse("incidents_indicators:index") + f"?{urlencode(self.incidents_query())}"
                if user_can(self.request.user, Perm.CONTENT_EDIT, dash.unit)
                else ""
            ),
        )
        return context

    def incidents_query(self) -> dict[str, str]:
        period = self.dash.period
        return {
            "unit": self.dash.unit.code,
            "since": period.first.isoformat(),
            "until": last_day(period).isoformat(),
        }


def _filename(dash: Dashboard, prefix: str, suffix: str) -> str:
    return f"{prefix}-{dash.unit.code}-{dash.period.first:%Y%m}-{dash.period.last:%Y%m}.{suffix}"


class XlsxExportView(DashboardMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Imported here: openpyxl costs every process start-up, exports are rare.
        from lantoa.analytics.exports.xlsx import dashboard_xlsx

        dash = self.load()
        response = HttpResponse(
            dashboard_xlsx(dash),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(dash, "so-lieu", "xlsx")}"'
        )
        return response


class PdfExportView(DashboardMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        dash = self.load()
        response = HttpResponse(dashboard_pdf(dash), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(dash, "bao-cao", "pdf")}"'
        )
        return response
