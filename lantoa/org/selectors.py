"""Reads over the organisation that carry rules (scope, visibility)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum

from lantoa.core.actors import Actor
from lantoa.core.text import normalize_nfc, search_key, vietnamese_sort_key
from lantoa.core.unit_pages import UnitLink, unit_links
from lantoa.org.choices import MemberStatus, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.scoping import filter_by_scope, minimal_prefixes, path_prefixes, subtree_condition


@dataclass
class UnitNode:
    unit: OrgUnit
    children: list["UnitNode"] = field(default_factory=list)
    # The unit's public pages (its news site, its bulletin archive).
    links: list[UnitLink] = field(default_factory=list)


def unit_directory_tree(max_depth: int = 3) -> list[UnitNode]:
    """Active units down to `max_depth`, as nested nodes, with links to their
    public pages (core.unit_pages): one query for the units, one per kind of page."""
    units = list(OrgUnit.objects.filter(is_active=True, depth__lte=max_depth).order_by("path"))
    links = unit_links(units)
    roots: list[UnitNode] = []
    by_path: dict[str, UnitNode] = {}
    for unit in units:
        node = UnitNode(unit, links=links.get(unit.pk, []))
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


def staff_emails_by_unit(
    unit_ids: Iterable[int], roles: tuple[str, ...] = (Role.OFFICER, Role.APPROVER)
) -> dict[int, list[str]]:
    """{unit id: e-mail addresses of the active users holding `roles` at that
    unit itself (not above)}, for many units in one query; units without any
    are left out."""
    emails: dict[int, set[str]] = defaultdict(set)
    rows = (
        RoleAssignment.objects.filter(
            unit_id__in=list(unit_ids), role__in=roles, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    for unit_id, email in rows:
        emails[unit_id].add(email)
    return {unit_id: sorted(found) for unit_id, found in emails.items()}


def unit_staff_emails(
    unit: OrgUnit, roles: tuple[str, ...] = (Role.OFFICER, Role.APPROVER)
) -> list[str]:
    """E-mail addresses of active users holding `roles` at `unit` itself (not above)."""
    return staff_emails_by_unit([unit.pk], roles).get(unit.pk, [])


def role_holders_in_scope(user: Actor, perm: str) -> QuerySet[Any]:
    """The ids (`user_id` values) of whoever holds a role at a unit in `user`'s
    scope for `perm`, to filter a user queryset with."""
    holders = filter_by_scope(RoleAssignment.objects.all(), user, perm, "unit__path")
    return holders.values("user_id")


def role_unit_ids(user_id: int) -> QuerySet[Any]:
    """The ids (`unit_id` values) of the active units where the user holds a role."""
    return RoleAssignment.objects.filter(user_id=user_id, unit__is_active=True).values("unit_id")


def active_role_rows(user_ids: Iterable[int] | None = None) -> QuerySet[Any]:
    """(user id, role, unit path) of every role held by an active user at an
    active unit; of the given users only when `user_ids` is not None."""
    roles = RoleAssignment.objects.filter(unit__is_active=True, user__is_active=True)
    if user_ids is not None:
        roles = roles.filter(user_id__in=list(user_ids))
    return roles.values_list("user_id", "role", "unit__path")


def unit_approvers(unit: OrgUnit) -> list[Any]:
    """The people who decide on `unit`'s publications: the active approvers
    (with an e-mail address) holding the role at the unit itself or, when it
    has none, at the nearest unit above that has some; administrators of that
    same nearest level when no unit up the tree names an approver. Ordered by
    e-mail. One definition for every "ask the approvers" notice (posts,
    articles, listings)."""
    prefixes = path_prefixes(unit.path)
    for roles in ((Role.APPROVER,), (Role.ADMINISTRATOR,)):
        held = (
            RoleAssignment.objects.filter(
                unit__path__in=prefixes,
                role__in=roles,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("unit__path", "user_id")
        )
        by_path: dict[str, set[int]] = {}
        for path, user_id in held:
            by_path.setdefault(path, set()).add(user_id)
        if by_path:
            nearest = max(by_path, key=len)
            return list(
                get_user_model().objects.filter(pk__in=by_path[nearest]).order_by("email", "pk")
            )
    return []


def member_name_matches(queryset: QuerySet[Member], q: str) -> QuerySet[Member]:
    """The members of `queryset` whose name contains every word of `q`, ignoring
    marks and case: "nguyen van" finds "Nguyễn Văn An"."""
    for word in search_key(q).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


SEARCH_COUNT_CAP = 1000


def member_match_rank(query_words: list[str], search_name: str) -> tuple[int, int]:
    """How well a folded name matches the folded query words: (worst, total)
    over the words, each 0 for a whole word, 1 for the start of a word, 2 for
    the inside of one. "nguyen van an" ranks "Nguyễn Văn An" (0, 0) before
    "Nguyễn Văn Anh" (1, 1) before "Bùi Văn Nguyên" ("an" inside "van": 2)."""
    name_words = search_name.split()
    kinds = [
        0 if word in name_words else 1 if any(n.startswith(word) for n in name_words) else 2
        for word in query_words
    ]
    return max(kinds, default=0), sum(kinds)


def member_search_ranked(rows: list[tuple[int, str]], q: str) -> list[int]:
    """The ids of the matches `rows` (id, folded name), best first: whole-word
    and prefix matches before matches inside words, then names that carry the
    query's own marks ("Nguyễn" for "Nguyễn", not "Nguyên"), then Vietnamese
    dictionary order (Đ after D). One query for the names (at most the cap)."""
    words = search_key(q).split()
    marked = [w.casefold() for w in normalize_nfc(q).split()]
    names = dict(
        Member.objects.filter(pk__in=[pk for pk, _ in rows]).values_list("pk", "full_name")
    )

    def key(row: tuple[int, str]) -> tuple[object, ...]:
        pk, folded = row
        name = names.get(pk, "")
        own_marks = name.casefold().split()
        misses = sum(1 for w in marked if w not in own_marks)
        return (*member_match_rank(words, folded), misses, vietnamese_sort_key(name), pk)

    return [pk for pk, _ in sorted(rows, key=key)]


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
    ids = member_search_ranked(rows, q)[offset : offset + limit] if exact else None
    if ids is None:
        ids = [pk for pk, _ in rows[offset : offset + limit]]
    by_id = Member.objects.select_related("unit").in_bulk(ids) if ids else {}
    return MemberSearchPage(len(rows), [by_id[pk] for pk in ids if pk in by_id], exact)
