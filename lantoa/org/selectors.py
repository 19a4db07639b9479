"""Reads over the organisation that carry rules (scope, visibility)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Window
from django.db.models.functions import Lower

from lantoa.core.text import search_key
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member, OrgUnit


@dataclass
class UnitNode:
    unit: OrgUnit
    children: list["UnitNode"] = field(default_factory=list)


def unit_directory_tree(max_depth: int = 3) -> list[UnitNode]:
    """Active units down to `max_depth`, as nested nodes, in one query."""
    units = OrgUnit.objects.filter(is_active=True, depth__lte=max_depth).order_by("path")
    roots: list[UnitNode] = []
    by_path: dict[str, UnitNode] = {}
    for unit in units:
        node = UnitNode(unit)
        by_path[unit.path] = node
        parent = by_path.get(unit.path[: -OrgUnit.steplen])
        (parent.children if parent else roots).append(node)
    return roots


def unit_subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and all its descendants, in tree order."""
    return OrgUnit.objects.filter(path__startswith=unit.path).order_by("path")


def member_count_in_subtree(unit: OrgUnit, *, active_only: bool = True) -> int:
    qs = Member.objects.filter(unit__path__startswith=unit.path)
    if active_only:
        qs = qs.filter(status="active")
    return qs.count()


def child_member_counts(unit: OrgUnit) -> dict[int, int]:
    """{child id: members in the child's subtree}, for roll-up tables."""
    counts: dict[int, int] = {}
    for child in unit.get_children():
        counts[child.pk] = Member.objects.filter(unit__path__startswith=child.path).count()
    return counts


def units_with_member_counts(queryset: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    return queryset.annotate(direct_member_count=Count("members"))


def member_counts_by_subtree(
    units: Sequence[OrgUnit], members: QuerySet[Member] | None = None, *, active_only: bool = True
) -> dict[int, int]:
    """{unit id: members in the unit's subtree} for a page of units, in one query.

    One conditional count per unit over a single scan of the members under
    any of them, so a listing costs one query whatever its length. `members`
    narrows what is counted (e.g. to a user's scope).
    """
    if not units:
        return {}
    qs = Member.objects.all() if members is None else members
    if active_only:
        qs = qs.filter(status=MemberStatus.ACTIVE)
    covering = Q()
    for path in {unit.path for unit in units}:
        covering |= Q(unit__path__startswith=path)
    counts = qs.filter(covering).aggregate(
        **{f"u{unit.pk}": Count("pk", filter=Q(unit__path__startswith=unit.path)) for unit in units}
    )
    return {unit.pk: counts[f"u{unit.pk}"] or 0 for unit in units}


def unit_staff_emails(unit: OrgUnit, roles: tuple[str, ...] = ("officer", "approver")) -> list[str]:
    """E-mail addresses of active users holding `roles` at `unit` itself (not above)."""
    from django.contrib.auth import get_user_model

    from lantoa.org.models import RoleAssignment

    user_ids = RoleAssignment.objects.filter(unit=unit, role__in=roles).values_list(
        "user_id", flat=True
    )
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    return sorted({u.email for u in users})


def member_name_matches(queryset: QuerySet[Member], q: str) -> QuerySet[Member]:
    """The members of `queryset` whose name contains every word of `q`, ignoring
    marks and case: "nguyen van" finds "Nguyễn Văn An"."""
    for word in search_key(q).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def member_search_page(
    queryset: QuerySet[Member], *, q: str, offset: int, limit: int
) -> tuple[int, list[Member]]:
    """(total, one page in name order) of the members of `queryset` matching `q`.

    `queryset` is already scoped (`scoping.members_for`). Two queries at most,
    whatever the scope: the page's ids with the total (a window count), then
    the page's rows with their units.

    Why not `.order_by("search_name")[offset:offset + limit]`: PostgreSQL then
    walks the whole name index in order, filtering, hoping to meet `limit`
    matches early. Matches of a family name cluster in the index ("tran …"
    sorts near the end) and a scope holds a sliver of all members, so the walk
    read ~900,000 of 1,000,000 rows (8 s, bench/org.py). Ordering by an
    expression the index cannot provide (the lower-case form, equal to
    `search_name`, which is already folded) makes it filter first — scope
    units, then `org_member_unit_name` index-only — and sort the few matches.
    """
    matches = member_name_matches(queryset, q)
    rows = list(
        matches.annotate(total=Window(Count("pk")))
        .order_by(Lower("search_name"), "pk")
        .values_list("pk", "total")[offset : offset + limit]
    )
    if not rows:
        return (matches.count() if offset else 0), []
    by_id = Member.objects.select_related("unit").in_bulk([pk for pk, _ in rows])
    return rows[0][1], [by_id[pk] for pk, _ in rows]
