"""Org endpoints: units (list, tree, detail, subtree), members (scoped,
paginated) and the caller. Each operation only identifies the caller from the
bearer token, calls one read in `lantoa.org.api.selectors` and returns it;
scope rules live in `lantoa.org.scoping`."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router

from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import AUTH_ERRORS, DETAIL_ERRORS
from lantoa.core.api.pagination import Page, PageIn
from lantoa.org.api import selectors
from lantoa.org.api.schemas import (
    MemberDetailOut,
    MemberListIn,
    MemberPageOut,
    MeOut,
    UnitDetailOut,
    UnitListIn,
    UnitPageOut,
    UnitSubtreeIn,
    UnitSubtreeNodeOut,
    UnitTreeIn,
    UnitTreeOut,
)
from lantoa.org.models import Member, OrgUnit

router = Router(tags=["org"])


@router.get(
    "/units/",
    response={200: UnitPageOut, **DETAIL_ERRORS},
    summary="Danh sách đơn vị trong phạm vi",
)
def unit_list(
    request: HttpRequest, filters: Query[UnitListIn], page: Query[PageIn]
) -> Page[OrgUnit]:
    """The units the caller may see, flat, in tree order. 404 when `parent`
    is not a unit the caller may see."""
    return selectors.unit_list_page(
        user=api_caller(request),
        page=page,
        kind=filters.kind,
        parent=filters.parent,
        is_active=filters.is_active,
        q=filters.q,
    )


# Registered before /units/{public_id}/ so that "tree" is never read as an id.
@router.get(
    "/units/tree/",
    response={200: UnitTreeOut, **AUTH_ERRORS},
    summary="Cây đơn vị trong phạm vi",
)
def unit_tree(request: HttpRequest, params: Query[UnitTreeIn]) -> dict[str, object]:
    """The caller's visible subtree(s), nested, `max_depth` levels from each root."""
    roots = selectors.unit_tree_for(user=api_caller(request), max_depth=params.max_depth)
    return {"max_depth": params.max_depth, "roots": roots}


@router.get(
    "/units/{public_id}/",
    response={200: UnitDetailOut, **DETAIL_ERRORS},
    summary="Một đơn vị",
)
def unit_detail(request: HttpRequest, public_id: UUID) -> OrgUnit:
    return selectors.unit_get_visible(user=api_caller(request), public_id=public_id)


@router.get(
    "/units/{public_id}/subtree/",
    response={200: UnitSubtreeNodeOut, **DETAIL_ERRORS},
    summary="Nhánh đơn vị, kèm số đoàn viên cộng dồn",
)
def unit_subtree(
    request: HttpRequest, public_id: UUID, params: Query[UnitSubtreeIn]
) -> selectors.TreeNode:
    return selectors.unit_subtree_with_counts(
        user=api_caller(request), public_id=public_id, max_depth=params.max_depth
    )


@router.get(
    "/members/",
    response={200: MemberPageOut, **DETAIL_ERRORS},
    summary="Danh sách đoàn viên trong phạm vi",
)
def member_list(
    request: HttpRequest, filters: Query[MemberListIn], page: Query[PageIn]
) -> Page[Member]:
    """Members the caller may see, by name. 404 when `unit` is not a unit the
    caller may see members of."""
    return selectors.member_list_page(
        user=api_caller(request),
        page=page,
        unit=filters.unit,
        status=filters.status,
        q=filters.q,
    )


@router.get(
    "/members/{public_id}/",
    response={200: MemberDetailOut, **DETAIL_ERRORS},
    summary="Một đoàn viên",
)
def member_detail(request: HttpRequest, public_id: UUID) -> Member:
    """A member in the caller's scope, or the caller's own record."""
    return selectors.member_get_visible(user=api_caller(request), public_id=public_id)


@router.get("/me/", response={200: MeOut, **AUTH_ERRORS}, summary="Người gọi API")
def me(request: HttpRequest) -> selectors.Caller:
    """The caller, the roles they hold and the permissions those give."""
    return selectors.caller_describe(user=api_caller(request))
