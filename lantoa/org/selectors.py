"""Reads over the organisation that carry rules (scope, visibility)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet, Sum

from lantoa.core.text import search_key
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member, OrgUnit
from lantoa.org.scoping import minimal_prefixes, subtree_condition


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
    """Members of the unit and every unit below it.

    Active members (the figure everyone asks for) are summed from the
    per-unit counters (`OrgUnit.active_member_count`): one range scan over
    the subtree's units, however many members they hold — a mid-level unit
    of a 150,000-unit tree sums ~1,800 counters instead of counting ~12,000
    member rows (bench/org.py). All members, whatever their status, are
    counted live.
    """
    if active_only:
        total = subtree_units(unit.path).aggregate(n=Sum("active_member_count"))["n"]
        return int(total or 0)
    return Member.objects.filter(subtree_condition("unit_path", unit.path, bounded=True)).count()


def subtree_units(path: str) -> QuerySet[OrgUnit]:
    """Units whose path starts with `path`, with the range bounds that let
    PostgreSQL read them in one index range (scoping.subtree_condition)."""
    return OrgUnit.objects.filter(subtree_condition("path", path, bounded=True))


def child_member_counts(unit: OrgUnit) -> dict[int, int]:
    """{child id: members in the child's subtree}, for roll-up tables."""
    counts: dict[int, int] = {}
    for child in unit.get_children():
        counts[child.pk] = member_count_in_subtree(child, active_only=False)
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
    for path in minimal_prefixes(unit.path for unit in units):
        covering |= subtree_condition("unit_path", path, bounded=True)
    counts = qs.filter(covering).aggregate(
        **{f"u{unit.pk}": Count("pk", filter=Q(unit_path__startswith=unit.path)) for unit in units}
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


SEARCH_COUNT_CAP = 1000


class MemberSearchPage(NamedTuple):
    """One page of a member search. `total` is exact when `exact`; otherwise
    there are more than SEARCH_COUNT_CAP matches, `total` is the cap, and the
    page runs in (unit, name) order — say "hơn 1.000 kết quả"."""

    total: int
    members: list[Member]
    exact: bool


def member_search_matches(matches: QuerySet[Member]) -> tuple[list[tuple[int, str]], bool]:
    """(rows, exact): up to SEARCH_COUNT_CAP + 1 (id, folded name) of
    `matches`, in `org_member_scope_name` order (unit path, name, id), and
    whether that is all of them.

    One query, bounded both ways: PostgreSQL reads the scope's range of the
    index in order, filters names inside the index, and stops at the cap + 1st
    match — a rare name costs one pass over the scope's index range (no table
    access, no probe per unit), a common one stops early. Asking for the rows
    in the index's own order is what keeps the plan there: in name order,
    PostgreSQL preferred the trigram index and rechecked tens of thousands of
    rows for "le thi" (bench/org.py).
    """
    cap = SEARCH_COUNT_CAP
    rows = list(
        matches.order_by("unit_path", "search_name", "pk").values_list("pk", "search_name")[
            : cap + 1
        ]
    )
    return rows[:cap], len(rows) <= cap


def member_search_page(
    queryset: QuerySet[Member], *, q: str, offset: int, limit: int
) -> MemberSearchPage:
    """One page of the members of `queryset` matching `q`, and how many match.

    `queryset` is already scoped (`scoping.members_for`: a range of
    `Member.unit_path`). Two queries, each bounded whatever the scope and
    however common the name: the matches up to the cap
    (`member_search_matches`), then the page's rows with their units.

    Up to SEARCH_COUNT_CAP matches the count is exact and the page is in name
    order (sorted here: at most 1,000 short rows). Past the cap, `total` is
    the cap, `exact` is False ("hơn 1.000 kết quả") and the pages run in
    (unit, name) order — the order the rows came in — up to the cap.
    """
    rows, exact = member_search_matches(member_name_matches(queryset, q))
    if exact:
        rows.sort(key=lambda row: (row[1], row[0]))
    ids = [pk for pk, _ in rows[offset : offset + limit]]
    by_id = Member.objects.select_related("unit").in_bulk(ids) if ids else {}
    return MemberSearchPage(len(rows), [by_id[pk] for pk in ids if pk in by_id], exact)
