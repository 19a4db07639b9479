"""The content calendar in the admin: a month view and a week view, server
rendered as tables (usable without JavaScript, read by screen readers as a
grid), with filters by campaign, unit, channel and state."""

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.campaigns.admin_views.common import (
    CALENDAR,
    PLANS,
    ContentAccessMixin,
    admin_url,
)
from lantoa.campaigns.choices import CalendarState
from lantoa.campaigns.forms import CalendarFilterForm
from lantoa.campaigns.selectors_calendar import (
    CalendarEntry,
    CalendarFilters,
    CalendarResult,
    calendar_entries,
    local_bounds,
    month_weeks,
    week_days,
)
from lantoa.core.admin_views import AdminPageView
from lantoa.core.dates import WEEKDAYS_VI, format_short_date

MONTH_CELL_LIMIT = 5
STATE_TONES = {
    CalendarState.PLANNED: "info",
    CalendarState.SCHEDULED: "warning",
    CalendarState.PUBLISHED: "positive",
}


def entry_url(entry: CalendarEntry) -> str:
    try:
        if entry.kind == "plan":
            return reverse(f"{PLANS}:edit", args=[entry.object_id])
        if entry.kind == "article":
            return reverse("wagtailadmin_pages:edit", args=[entry.object_id])
        return reverse("channels_deliveries:inspect", args=[entry.object_id])
    except NoReverseMatch:
        return ""


class CalendarView(ContentAccessMixin, AdminPageView):
    template_name = "campaigns/admin/calendar.html"
    page_title = _("Lịch nội dung")
    header_icon = "date"
    view_kind = "month"

    # --- the window ----------------------------------------------------------

    def today(self) -> dt.date:
        return timezone.localdate()

    def parse_month(self) -> tuple[int, int]:
        raw = self.request.GET.get("thang", "")
        try:
            year, month = (int(part) for part in raw.split("-", 1))
            dt.date(year, month, 1)
        except ValueError:
            today = self.today()
            return today.year, today.month
        return year, month

    def parse_day(self) -> dt.date:
        try:
            return dt.date.fromisoformat(self.request.GET.get("ngay", ""))
        except ValueError:
            return self.today()

    # --- links keep the filters ----------------------------------------------

    def filter_params(self) -> dict[str, str]:
        return {
            k: self.request.GET.get(k, "")
            for k in ("campaign", "unit", "channel", "state")
            if self.request.GET.get(k)
        }

    def month_url(self, year: int, month: int) -> str:
        return admin_url(f"{CALENDAR}:index", thang=f"{year}-{month:02d}", **self.filter_params())

    def week_url(self, day: dt.date) -> str:
        return admin_url(f"{CALENDAR}:week", ngay=day.isoformat(), **self.filter_params())

    # --- the page --------------------------------------------------------------

    def get_filters(self, form: CalendarFilterForm) -> CalendarFilters | None:
        if not form.is_valid():
            return None
        data = form.cleaned_data
        return CalendarFilters(
            campaign=data.get("campaign"),
            unit=data.get("unit"),
            channel=data.get("channel") or "",
            state=data.get("state") or "",
        )

    def window(self) -> tuple[list[list[dt.date]], dict[str, Any]]:
        year, month = self.parse_month()
        weeks = month_weeks(year, month)
        previous = dt.date(year, month, 1) - dt.timedelta(days=1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        nav = {
            "title": _("Tháng %(month)s/%(year)s") % {"month": month, "year": year},
            "previous_url": self.month_url(previous.year, previous.month),
            "next_url": self.month_url(following.year, following.month),
            "today_url": self.month_url(self.today().year, self.today().month),
            "switch_url": self.week_url(
                dt.date(year, month, 1)
                if (year, month) != (self.today().year, self.today().month)
                else self.today()
            ),
            "switch_label": _("Xem theo tuần"),
            "month": month,
        }
        return weeks, nav

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = CalendarFilterForm(self.request.GET or None, user=self.request.user)
        weeks, nav = self.window()
        filters = self.get_filters(form) if self.request.GET else CalendarFilters()
        if filters is None:
            result = CalendarResult()
        else:
            start, end = local_bounds(weeks[0][0], weeks[-1][-1])
            result = calendar_entries(self.request.user, start=start, end=end, filters=filters)
        by_day = result.by_day()
        limit = MONTH_CELL_LIMIT if self.view_kind == "month" else None
        today = self.today()
        rows = []
        for week in weeks:
            cells = []
            for day in week:
                entries = by_day.get(day, [])
                shown = entries if limit is None else entries[:limit]
                cells.append(
                    {
                        "day": day,
                        "label": format_short_date(day),
                        "in_month": self.view_kind == "week" or day.month == nav["month"],
                        "is_today": day == today,
                        "entries": [
                            (e, entry_url(e), STATE_TONES[CalendarState(e.state)]) for e in shown
                        ],
                        "more": len(entries) - len(shown),
                        "week_url": self.week_url(day),
                    }
                )
            rows.append(cells)
        context.update(
            form=form,
            filters_invalid=filters is None,
            nav=nav,
            weekdays=WEEKDAYS_VI,
            rows=rows,
            counts=result.counts(),
            states=CalendarState.choices,
            truncated=result.truncated,
            view_kind=self.view_kind,
            add_plan_url=admin_url(f"{PLANS}:add"),
            month_view_url=admin_url(f"{CALENDAR}:index", **self.filter_params()),
        )
        return context


class WeekView(CalendarView):
    view_kind = "week"

    def window(self) -> tuple[list[list[dt.date]], dict[str, Any]]:
        days = week_days(self.parse_day())
        first, last = days[0], days[-1]
        nav = {
            "title": _("Tuần %(first)s – %(last)s")
            % {"first": format_short_date(first), "last": format_short_date(last)},
            "previous_url": self.week_url(first - dt.timedelta(days=7)),
            "next_url": self.week_url(first + dt.timedelta(days=7)),
            "today_url": self.week_url(self.today()),
            "switch_url": self.month_url(first.year, first.month),
            "switch_label": _("Xem theo tháng"),
            "month": first.month,
        }
        return [days], nav
