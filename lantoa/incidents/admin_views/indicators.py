"""Indicators of incidents per period and unit: how many, how fast the first
response and the resolution came, by severity and by child unit."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.admin_views import AdminPageView
from lantoa.incidents import selectors
from lantoa.incidents.admin_views.common import AccessMixin
from lantoa.org import scoping
from lantoa.org.choices import Perm


def _date(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return default


class IndicatorsView(AccessMixin, AdminPageView):
    template_name = "incidents/admin/indicators.html"
    page_title = _("Chỉ số ứng phó sự cố")
    header_icon = "table"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        units = scoping.units_for(self.request.user, Perm.CONTENT_EDIT).order_by("path")
        code = self.request.GET.get("unit", "")
        # A unit outside the scope is not offered: the user's top unit instead.
        unit = (units.filter(code=code).first() if code else None) or units.order_by(
            "depth", "path"
        ).first()
        today = timezone.localdate()
        until = _date(self.request.GET.get("until", ""), today)
        since = _date(self.request.GET.get("since", ""), until - dt.timedelta(days=89))
        if since > until:
            since, until = until, since
        context.update(
            units=units[:500],
            unit=unit,
            since=since,
            until=until,
            data=selectors.indicators_for(unit, since, until) if unit else None,
        )
        return context
