"""Pieces shared by the analytics admin screens: URL names, the access
check, and reading the unit and period a screen is asked about.

Rights come from `lantoa.org.scoping` over `Perm.UNIT_VIEW`: whoever holds a
role at a unit reads the figures of its subtree; any other unit does not
exist for them (404), and a user with no role at all is refused.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import PERM, default_unit_for, unit_for_user
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import user_has_any

DASHBOARD = "analytics_dashboard"
TERM = "analytics_term"


def home_crumb() -> dict[str, Any]:
    return {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")}


class AnalyticsAccessMixin:
    """Open to whoever may read some unit's figures; refused otherwise."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_has_any(request.user, PERM):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def requested_unit(request: HttpRequest) -> OrgUnit:
    """The unit named by ?unit=CODE in the user's scope (404 outside it), or
    the top-most unit of their scope."""
    code = request.GET.get("unit", "").strip()
    if code:
        try:
            return unit_for_user(request.user, code=code)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    unit = default_unit_for(request.user)
    if unit is None:
        raise Http404
    return unit


def requested_period(request: HttpRequest) -> tuple[Period, str]:
    """The period named by ?tu=YYYY-MM&den=YYYY-MM (default: the last twelve
    months) and an error message when the one asked for was not valid."""
    first, last = request.GET.get("tu", ""), request.GET.get("den", "")
    if not first and not last:
        return Period.last_months(12), ""
    try:
        return Period.parse(first, last), ""
    except InvalidInput as exc:
        return Period.last_months(12), exc.message


def dashboard_url(unit: OrgUnit, period: Period, name: str = "index") -> str:
    params = {"unit": unit.code, **period.query}
    return f"{reverse(f'{DASHBOARD}:{name}')}?{urlencode(params)}"
