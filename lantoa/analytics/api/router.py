"""Analytics endpoints: the coverage dashboard of a unit's subtree as JSON.
The operation identifies the caller from the bearer token, calls the
selectors and returns their figures; scope rules live in
`lantoa.org.scoping` (through `analytics.selectors`)."""

from django.http import HttpRequest
from ninja import Query, Router

from lantoa.analytics.api.schemas import CoverageIn, CoverageOut
from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import PERM, Dashboard, dashboard_for, default_unit_for
from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import DETAIL_ERRORS
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.org.scoping import unit_in_scope

router = Router(tags=["analytics"])


@router.get(
    "/analytics/coverage/",
    response={200: CoverageOut, **DETAIL_ERRORS},
    summary="Độ phủ, sản lượng và thực hiện định hướng của một nhánh đơn vị",
)
def coverage(request: HttpRequest, params: Query[CoverageIn]) -> Dashboard:
    """The unit's subtree (the unit, each child with its own subtree, by
    level, platform and month) over whole months `first`–`last` (default:
    the last twelve). 404 when the unit is not one the caller may read."""
    user = api_caller(request)
    if params.unit is not None:
        unit = unit_in_scope(user, PERM, public_id=params.unit)
    else:
        found = default_unit_for(user)
        if found is None:
            raise NotFound("Bạn chưa được phân quyền ở đơn vị nào.")
        unit = found
    if (params.first is None) != (params.last is None):
        raise InvalidInput("Cần cả tháng đầu kỳ và tháng cuối kỳ.")
    period = (
        Period.parse(params.first, params.last)
        if params.first and params.last
        else Period.last_months(12)
    )
    return dashboard_for(unit, period)
