"""Reads behind the org API. Every one starts from `lantoa.org.scoping`
(units_for / members_for / can_see_member), so the API can never show more
than the caller's scope; an object outside it is reported as NotFound, never
as PermissionDenied, so that its existence does not leak.

They live beside the router because they return pages and trees shaped for
the API; general-purpose reads stay in `lantoa.org.selectors`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Left

from lantoa.core.api.pagination import Page, PageIn, paginate_queryset
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.core.text import search_key
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.scoping import (
    ROLE_PERMISSIONS,
    UNIT_NOT_FOUND,
    can_see_member,
    members_for,
    scope_paths,
    subtree_condition,
    units_for,
)
from lantoa.org.selectors import member_search_page

STEPLEN: int = OrgUnit.steplen
# A tree answer is built in memory and sent in one piece: past this many
# nodes the client must ask for less depth or walk branch by branch.
MAX_TREE_NODES = 5000
TREE_FIELDS = (
    "path", "public_id", "code", "name", "short_name", "kind", "depth", "is_active", "numchild",
)  # fmt: skip


class TreeTooLarge(InvalidInput):
    code = "tree_too_large"
    default_message = (
        f"Cây đơn vị quá lớn để trả về một lần (hơn {MAX_TREE_NODES} đơn vị): "
        "hãy giảm max_depth hoặc xem từng nhánh qua /units/{public_id}/subtree/."
    )


def unit_not_found() -> NotFound:
    return NotFound(UNIT_NOT_FOUND)


# ---- units -------------------------------------------------------------------


def _with_parent_public_id(
    queryset: QuerySet[OrgUnit], user: AbstractBaseUser
) -> QuerySet[OrgUnit]:
    """Annotate `parent_public_id`: the parent's UUID when the caller may see the
    parent, else None (a scope root looks like a root to its viewer)."""
    # Paths grow by STEPLEN characters per level, so the parent's path is a prefix.
    parent = units_for(user).filter(path=Left(OuterRef("path"), (OuterRef("depth") - 1) * STEPLEN))
    return queryset.annotate(parent_public_id=Subquery(parent.values("public_id")[:1]))


def _visible_unit_path(user: AbstractBaseUser, public_id: UUID, perm: str) -> tuple[str, int]:
    row = units_for(user, perm).filter(public_id=public_id).values_list("path", "depth").first()
    if row is None:
        raise unit_not_found()
    return row


# Vietnamese letters carrying marks; with ASCII they make up unit names.
def unit_list_page(
    *,
    user: AbstractBaseUser,
    page: PageIn,
    kind: str | None = None,
    parent: UUID | None = None,
    is_active: bool | None = None,
    q: str | None = None,
) -> Page[OrgUnit]:
    """The caller's visible units in tree order, filtered and paginated.
    Queries: the caller's roles, [the parent], the count and the page.

    `q` matches every word in code + name + short name, ignoring marks and
    case, in the stored folded `search_text` (a trigram index on PostgreSQL).
    """
    queryset = units_for(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if is_active is not None:
        queryset = queryset.filter(is_active=is_active)
    if parent is not None:
        parent_path, parent_depth = _visible_unit_path(user, parent, Perm.UNIT_VIEW)
        queryset = queryset.filter(path__startswith=parent_path, depth=parent_depth + 1)
    for word in search_key(q or "").split():
        queryset = queryset.filter(search_text__contains=word)
    return paginate_queryset(_with_parent_public_id(queryset.order_by("path"), user), page)


def unit_get_visible(*, user: AbstractBaseUser, public_id: UUID) -> OrgUnit:
    """One unit in the caller's scope, with `parent_public_id`; else NotFound."""
    unit = _with_parent_public_id(units_for(user).filter(public_id=public_id), user).first()
    if unit is None:
        raise unit_not_found()
    return unit


@dataclass
class TreeNode:
    public_id: UUID
    code: str
    name: str
    short_name: str
    kind: str
    depth: int
    is_active: bool
    children_count: int
    children: list["TreeNode"] = field(default_factory=list)
    member_count: int = 0
    own_member_count: int = 0


def _index_nodes(rows: list[dict[str, Any]]) -> dict[str, TreeNode]:
    """{path: node} with children nested; `rows` come in path order, so a
    parent is always seen before its children."""
    if len(rows) > MAX_TREE_NODES:
        raise TreeTooLarge()
    by_path: dict[str, TreeNode] = {}
    for row in rows:
        path = row["path"]
        node = TreeNode(
            public_id=row["public_id"],
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            depth=row["depth"],
            is_active=row["is_active"],
            children_count=row["numchild"],
        )
        by_path[path] = node
        parent = by_path.get(path[:-STEPLEN])
        if parent is not None:
            parent.children.append(node)
    return by_path


def _roots(nodes: dict[str, TreeNode]) -> list[TreeNode]:
    """Nodes whose parent is not in the answer, in path order."""
    return [node for path, node in nodes.items() if path[:-STEPLEN] not in nodes]


def unit_tree_for(*, user: AbstractBaseUser, max_depth: int) -> list[TreeNode]:
    """The caller's visible subtree(s), `max_depth` levels from each scope root,
    nested. One query for the roles, one for the units (none without roles)."""
    prefixes = scope_paths(user, Perm.UNIT_VIEW)
    if prefixes is None:  # superuser: the whole forest from the top
        depth_limit = Q(depth__lte=max_depth)
    elif not prefixes:
        return []
    else:
        depth_limit = Q()
        for prefix in prefixes:
            top_depth = len(prefix) // STEPLEN
            depth_limit |= Q(path__startswith=prefix, depth__lte=top_depth + max_depth - 1)
    rows = list(
        units_for(user)
        .filter(depth_limit)
        .order_by("path")
        .values(*TREE_FIELDS)[: MAX_TREE_NODES + 1]
    )
    return _roots(_index_nodes(rows))


def unit_subtree_with_counts(
    *, user: AbstractBaseUser, public_id: UUID, max_depth: int
) -> TreeNode:
    """A visible unit and `max_depth - 1` levels below it, each node with its
    active members: `own_member_count` (attached to the node) and
    `member_count` (the node's whole subtree, including levels below
    `max_depth`). Four queries whatever the size: roles, the unit, the units,
    and one grouped count rolled up in Python."""
    root_path, root_depth = _visible_unit_path(user, public_id, Perm.UNIT_VIEW)
    rows = list(
        units_for(user)
        .filter(path__startswith=root_path, depth__lte=root_depth + max_depth - 1)
        .order_by("path")
        .values(*TREE_FIELDS)[: MAX_TREE_NODES + 1]
    )
    nodes = _index_nodes(rows)
    root = nodes[root_path]
    counts = (
        members_for(user)
        .filter(subtree_condition("unit_path", root_path, bounded=True))
        .filter(status=MemberStatus.ACTIVE)
        .values_list("unit_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    own: dict[str, int] = {}
    total: dict[str, int] = defaultdict(int)
    for path, n in counts:
        own[path] = n
        for end in range(len(root_path), len(path) + 1, STEPLEN):
            total[path[:end]] += n
    for path, node in nodes.items():
        node.own_member_count = own.get(path, 0)
        node.member_count = total.get(path, 0)
    return root


# ---- members -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberPage(Page[Member]):
    """A member list page; `count_exact` is False when a search matched more
    than SEARCH_COUNT_CAP members (`count` is then the cap)."""

    count_exact: bool = True


def member_list_page(
    *,
    user: AbstractBaseUser,
    page: PageIn,
    unit: UUID | None = None,
    status: str | None = None,
    q: str | None = None,
) -> MemberPage:
    """Members in the caller's scope, by name; `unit` includes its subtree and
    `q` matches every word of the folded name ("nguyen van" → "Nguyễn Văn An").
    A search counts up to 1,000 matches and, past that, lists by unit then
    name (selectors.member_search_page). Queries: roles, [unit], count, page."""
    queryset = members_for(user).select_related("unit")
    if unit is not None:
        unit_path, _ = _visible_unit_path(user, unit, Perm.MEMBER_VIEW)
        queryset = queryset.filter(subtree_condition("unit_path", unit_path, bounded=True))
    if status:
        queryset = queryset.filter(status=status)
    if search_key(q or ""):
        found = member_search_page(queryset, q=q or "", offset=page.offset, limit=page.limit)
        return MemberPage(
            count=found.total,
            limit=page.limit,
            offset=page.offset,
            items=found.members,
            count_exact=found.exact,
        )
    listed = paginate_queryset(queryset.order_by("search_name", "pk"), page)
    return MemberPage(
        count=listed.count, limit=listed.limit, offset=listed.offset, items=listed.items
    )


def member_get_visible(*, user: AbstractBaseUser, public_id: UUID) -> Member:
    """A member the caller may see (their own record, or one in scope); else NotFound."""
    member = Member.objects.select_related("unit").filter(public_id=public_id).first()
    if member is None or not can_see_member(user, member):
        raise NotFound("Không tìm thấy đoàn viên.")
    return member


# ---- the caller --------------------------------------------------------------


@dataclass
class CallerRole:
    unit_id: UUID
    unit_code: str
    unit_name: str
    role: str
    permissions: list[str]


@dataclass
class Caller:
    username: str
    full_name: str
    email: str
    is_superuser: bool
    member_id: UUID | None
    roles: list[CallerRole]
    permissions: list[str]


def caller_describe(*, user: AbstractBaseUser) -> Caller:
    """Who the caller is and what they may do: roles at active units only,
    since roles at inactive units grant nothing (see scoping)."""
    assignments = (
        RoleAssignment.objects.filter(user_id=user.pk, unit__is_active=True)
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    roles = [
        CallerRole(
            unit_id=a.unit.public_id,
            unit_code=a.unit.code,
            unit_name=a.unit.name,
            role=a.role,
            permissions=sorted(ROLE_PERMISSIONS.get(a.role, ())),
        )
        for a in assignments
    ]
    is_superuser = bool(getattr(user, "is_superuser", False))
    permissions = (
        sorted(Perm.values) if is_superuser else sorted({p for r in roles for p in r.permissions})
    )
    get_full_name = getattr(user, "get_full_name", None)
    return Caller(
        username=user.get_username(),
        full_name=get_full_name() if callable(get_full_name) else "",
        email=str(getattr(user, "email", "") or ""),
        is_superuser=is_superuser,
        member_id=Member.objects.filter(user_id=user.pk)
        .values_list("public_id", flat=True)
        .first(),
        roles=roles,
        permissions=permissions,
    )
