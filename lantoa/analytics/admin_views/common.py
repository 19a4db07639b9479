"""Pieces shared by the analytics admin screens: URL names, the access
check, and reading the unit and period a screen is asked about.

Rights come from `lantoa.org.scoping` over `Perm.UNIT_VIEW`: whoever holds a
role at a unit reads the figures of its subtree; any other unit does not
exist for them (404), and a user with no role at all is refused.
"""

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import PERM, default_unit_for
from lantoa.core.admin_views import home_crumb as home_crumb  # re-exported for the screens
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.org.admin_blocks import PermAccessMixin
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import unit_in_scope

DASHBOARD = "analytics_dashboard"
TERM = "analytics_term"


class AnalyticsAccessMixin(PermAccessMixin):
    """Open to whoever may read some unit's figures; refused otherwise."""

    access_perm = PERM


def requested_unit(request: HttpRequest) -> OrgUnit:
    """The unit named by ?unit=CODE in the user's scope (404 outside it), or
    the top-most unit of their scope."""
    code = request.GET.get("unit", "").strip()
    if code:
        try:
            return unit_in_scope(request.user, PERM, code=code)
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
