"""Org scoping: the one place that answers "which units, members and objects
may this user see or change?" (docs/subsystems/org-scoping.md).

A role held at unit U grants its permissions over U's whole subtree. Since a
unit's subtree is exactly the units whose materialised path starts with U's
path, every scope is a short list of path prefixes, and every scoped query is
an OR of indexed prefix matches. Other apps scope their own models with
`filter_by_scope(queryset, user, perm, path_field="unit__path")`.
"""

from collections.abc import Iterable
from typing import Any, TypeVar
from uuid import UUID

from django.db import models
from django.db.models import Q

from lantoa.core.actors import Actor, SystemActor, require_actor
from lantoa.core.exceptions import NotFound, PermissionDenied
from lantoa.org.choices import Perm, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment

M = TypeVar("M", bound=models.Model)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.MEMBER_VIEW,
            Perm.MEMBER_CHANGE,
            Perm.CONTENT_EDIT,
        }
    ),
    Role.APPROVER: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.MEMBER_VIEW,
            Perm.CONTENT_EDIT,
            Perm.CONTENT_APPROVE,
        }
    ),
    Role.ADMINISTRATOR: frozenset(Perm.values),
}

_CACHE_ATTR = "_lantoa_scope_cache"


def path_prefixes(
    path: str, *, include_self: bool = True, steplen: int = OrgUnit.steplen
) -> list[str]:
    """Paths of the node at `path` and of every node above it, top first, computed
    without a query (materialised paths: `steplen` characters a level; Wagtail's
    pages use the same scheme)."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(steplen, end, steplen)]


def _is_superuser(user: Actor) -> bool:
    require_actor(user)  # every scope question starts here: no actor, no answer
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def _role_paths(user: Actor) -> list[tuple[str, str]]:
    """(role, unit path) pairs the user holds; read once per user object."""
    if not user.is_authenticated or not user.is_active or isinstance(user, SystemActor):
        return []
    cached: list[tuple[str, str]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk, unit__is_active=True).values_list(
                "role", "unit__path"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_scope(user: Actor) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def minimal_prefixes(paths: Iterable[str]) -> list[str]:
    """Drop every path that lies under another one in the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def scope_paths(user: Actor, perm: str) -> list[str] | None:
    """The unit paths under which `user` has `perm`; None means everywhere."""
    if _is_superuser(user):
        return None
    return minimal_prefixes(
        path for role, path in _role_paths(user) if perm in ROLE_PERMISSIONS.get(role, ())
    )


def user_has_any(user: Actor, perm: str) -> bool:
    """True when the user has `perm` at some unit (e.g. to show a menu item)."""
    paths = scope_paths(user, perm)
    return paths is None or bool(paths)


def user_can(user: Actor, perm: str, unit: OrgUnit | None) -> bool:
    """True when `unit` lies in the subtree of a unit where the user has `perm`."""
    if unit is None:
        return _is_superuser(user)
    paths = scope_paths(user, perm)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def require_perm(user: Actor, perm: str, unit: OrgUnit | None) -> None:
    """Refuse (PermissionDenied) unless `user` may `perm` over `unit`; a
    system actor may everything, a missing actor is an error."""
    if not user_can(user, perm, unit):
        raise PermissionDenied()


def filter_by_scope(
    queryset: models.QuerySet[M], user: Actor, perm: str, path_field: str = "unit__path"
) -> models.QuerySet[M]:
    """Restrict `queryset` to rows whose unit lies in the user's scope for `perm`."""
    paths = scope_paths(user, perm)
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    condition = Q()
    for path in paths:
        # Bounds only on a path column of the filtered table itself (not
        # across a join: see subtree_condition).
        condition |= subtree_condition(path_field, path, bounded="__" not in path_field)
    return queryset.filter(condition)


def _path_upper_bound(path: str) -> str | None:
    """The smallest path that sorts after every path starting with `path`
    ("0005" → "0006", "000Z" → "001"), in treebeard's alphabet; None if none."""
    alphabet = OrgUnit.alphabet
    for i in range(len(path) - 1, -1, -1):
        position = alphabet.index(path[i])
        if position + 1 < len(alphabet):
            return path[:i] + alphabet[position + 1]
    return None


def subtree_condition(path_field: str, path: str, *, bounded: bool) -> Q:
    """`path_field` starts with `path`.

    With `bounded`, range bounds are added. They change nothing in the result
    (every path that starts with `path` lies inside them; treebeard relies on
    the same ordering) and can only narrow a scope, never widen it. They stop
    PostgreSQL from answering "first page of this subtree in tree order" by
    walking the unique path index from its very start (its LIKE-prefix range
    needs the pattern-ops index, which cannot return rows in order): up to
    300 ms for an 8,000-unit subtree at 150,000 units, ≤ 26 ms with bounds
    (bench/org.py). They are used on a table's own path column only
    (`OrgUnit.path`, `Member.unit_path`): on joined tables
    PostgreSQL counts LIKE and bounds as two independent filters,
    underestimates the scope forty-fold and picks worse plans for members.
    """
    condition = Q(**{f"{path_field}__startswith": path})
    if bounded:
        condition &= Q(**{f"{path_field}__gte": path})
        upper = _path_upper_bound(path)
        if upper is not None:
            condition &= Q(**{f"{path_field}__lt": upper})
    return condition


def units_for(user: Actor, perm: str = Perm.UNIT_VIEW) -> models.QuerySet[OrgUnit]:
    """Units the user may see (or, with another perm, act on)."""
    return filter_by_scope(OrgUnit.objects.all(), user, perm, path_field="path")


UNIT_NOT_FOUND = "Không tìm thấy đơn vị."


def unit_in_scope(
    user: Actor,
    perm: str = Perm.UNIT_VIEW,
    *,
    code: str | None = None,
    public_id: UUID | None = None,
    pk: int | None = None,
) -> OrgUnit:
    """The unit named by exactly one of `code`, `public_id` or `pk` if it lies
    in the user's scope for `perm`; NotFound otherwise (a unit outside one's
    scope does not exist for them, so "not yours" and "no such unit" answer
    alike)."""
    given: dict[str, Any] = {
        name: value
        for name, value in (("code", code), ("public_id", public_id), ("pk", pk))
        if value is not None
    }
    if len(given) != 1:
        raise TypeError("unit_in_scope() takes exactly one of code, public_id, pk")
    unit = units_for(user, perm).filter(**given).first()
    if unit is None:
        raise NotFound(UNIT_NOT_FOUND)
    return unit


def members_for(user: Actor, perm: str = Perm.MEMBER_VIEW) -> models.QuerySet[Member]:
    """Members the user may see (or change, with `Perm.MEMBER_CHANGE`).

    Scoped on the member's own copy of its unit's path (`Member.unit_path`,
    kept exact by every write, unit moves included), not through a join: a
    scope's members are then one index range, however many units it spans.
    """
    return filter_by_scope(Member.objects.all(), user, perm, path_field="unit_path")


def role_assignments_for(
    user: Actor, perm: str = Perm.ROLE_VIEW
) -> models.QuerySet[RoleAssignment]:
    return filter_by_scope(RoleAssignment.objects.all(), user, perm, path_field="unit__path")


def can_see_member(user: Actor, member: Member) -> bool:
    """A member always sees their own record; others need scope over the unit."""
    if member.user_id is not None and member.user_id == user.pk:
        return True
    return user_can(user, Perm.MEMBER_VIEW, member.unit)


def default_unit(user: Actor, perm: str) -> OrgUnit | None:
    """The top-most unit the user holds `perm` on: where a dashboard opens."""
    paths = scope_paths(user, perm)
    units = (
        OrgUnit.objects.filter(depth=1) if paths is None else OrgUnit.objects.filter(path__in=paths)
    )
    return units.order_by("path").first()


def ancestors_in_scope(user: Actor, unit: OrgUnit, perm: str) -> list[OrgUnit]:
    """The unit's ancestors on which the user also holds `perm`, top first (breadcrumbs)."""
    paths = path_prefixes(unit.path, include_self=False)
    if not paths:
        return []
    return list(units_for(user, perm).filter(path__in=paths).order_by("path"))


def role_unit_paths(user: Actor) -> list[str]:
    """The paths of every active unit where the user holds a role (each one,
    not their subtrees): where something addressed to "the unit" reaches them."""
    return sorted({path for _, path in _role_paths(user)})


def role_units(user: Actor) -> list[OrgUnit]:
    """The units at which the user holds any role, top-most first (for menus)."""
    paths = minimal_prefixes(path for _, path in _role_paths(user))
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))
