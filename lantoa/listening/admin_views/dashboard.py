"""The listening dashboard of a unit and its subtree: volume, sentiment share,
top topics, the days of the period, the child units to drill into, and the
alerts. Charts are HTML/CSS bars that carry their numbers as text, with the
same figures in a data table, so they read without JavaScript and with a
screen reader. Counts below the minimum reporting size are never shown."""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.dates import format_short_date
from lantoa.core.exceptions import NotFound
from lantoa.listening.admin_views.common import (
    ALERTS,
    DASHBOARD,
    OPINIONS,
    ListeningAccessMixin,
    home_crumb,
)
from lantoa.listening.choices import Sentiment
from lantoa.listening.selectors_admin import (
    DEFAULT_PERIOD,
    PERIODS,
    PERM,
    Dashboard,
    DayPoint,
    dashboard_for,
    default_unit_for,
    unit_ancestors_in_scope,
)
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import unit_in_scope


def dashboard_url(unit: OrgUnit, days: int) -> str:
    params: dict[str, str | int] = {"unit": unit.code, "days": days}
    return f"{reverse(f'{DASHBOARD}:index')}?{urlencode(params)}"


def opinions_url(dash: Dashboard, **filters: str) -> str:
    """The opinion listing for the dashboard's unit and period, plus `filters`."""
    params: dict[str, str] = {
        "unit": dash.unit.code,
        "received_at_from": timezone.localdate(dash.since).isoformat(),
        **filters,
    }
    return f"{reverse(f'{OPINIONS}:index')}?{urlencode(params)}"


def _pct(count: int | None, of: int) -> str:
    """A CSS width: "57.14%" (written here, not in the template, where the
    Vietnamese locale would print a decimal comma that CSS does not read)."""
    return f"{100 * (count or 0) / of:.2f}%" if of else "0%"


def day_rows(days: list[DayPoint], busiest: int) -> list[dict[str, Any]]:
    """Each day as a bar whose length is its volume (against the busiest day) and
    whose parts are its negative, neutral and positive opinions."""
    rows = []
    for point in days:
        rows.append(
            {
                "label": format_short_date(point.day),
                "point": point,
                "negative_width": _pct(point.negative, busiest),
                "neutral_width": _pct(point.neutral, busiest),
                "positive_width": _pct(point.positive, busiest),
            }
        )
    return rows


class DashboardView(ListeningAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "listening/admin/dashboard.html"
    page_title = _("Tổng quan ý kiến")
    header_icon = "view"

    def get_unit(self) -> OrgUnit:
        code = self.request.GET.get("unit", "").strip()
        try:
            unit = unit_in_scope(self.request.user, PERM, code=code) if code else None
        except NotFound as exc:
            raise Http404(exc.message) from exc
        unit = unit or default_unit_for(self.request.user)
        if unit is None:
            raise Http404
        return unit

    def get_days(self) -> int:
        raw = self.request.GET.get("days", "")
        return int(raw) if raw.isdigit() and int(raw) in PERIODS else DEFAULT_PERIOD

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Tổng quan ý kiến")}]

    def get_page_subtitle(self) -> str:
        return self.unit.name

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.unit = self.get_unit()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        days = self.get_days()
        dash = dashboard_for(self.unit, days=days)
        overview = dash.overview
        total = overview.total or 0
        context.update(
            dash=dash,
            days=days,
            periods=[(p, dashboard_url(self.unit, p), p == days) for p in PERIODS],
            ancestors=[
                (u, dashboard_url(u, days))
                for u in unit_ancestors_in_scope(self.request.user, self.unit)
            ],
            shares=[
                ("negative", _("Tiêu cực"), overview.negative, _pct(overview.negative, total)),
                ("neutral", _("Trung tính"), overview.neutral, _pct(overview.neutral, total)),
                ("positive", _("Tích cực"), overview.positive, _pct(overview.positive, total)),
                ("mixed", _("Trái chiều"), overview.mixed, _pct(overview.mixed, total)),
                (
                    "no-content",
                    _("Không có nội dung"),
                    overview.no_content,
                    _pct(overview.no_content, total),
                ),
                (
                    "unanalysed",
                    _("Chưa phân tích"),
                    overview.unanalysed,
                    _pct(overview.unanalysed, total),
                ),
            ],
            since_label=format_short_date(timezone.localdate(dash.since)),
            until_label=format_short_date(timezone.localdate(dash.until)),
            day_rows=day_rows(dash.days, dash.busiest_day),
            keywords=[
                (k, opinions_url(dash, topic=k.term), _pct(k.count, total)) for k in dash.keywords
            ],
            negative_keywords=[
                (k, opinions_url(dash, topic=k.term, sentiment=Sentiment.NEGATIVE))
                for k in dash.negative_keywords
            ],
            children=[(s, dashboard_url(s.unit, days)) for s in dash.children],
            all_opinions_url=opinions_url(dash),
            negative_opinions_url=opinions_url(dash, sentiment=Sentiment.NEGATIVE),
            alerts_url=reverse(f"{ALERTS}:index"),
        )
        return context
