"""Scoped member search (selectors.member_search_page) and the subtree range
bounds of scoping: the shapes bench/org.py showed PostgreSQL needs at scale."""

import pytest

from lantoa.org import scoping, selectors
from lantoa.org.choices import Role
from lantoa.org.models import Member, OrgUnit
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory, RoleAssignmentFactory


@pytest.mark.parametrize(
    ("path", "upper"),
    [
        ("0005", "0006"),
        ("0009", "000A"),
        ("000Z", "001"),
        ("00010ZZZ", "00011"),
        ("ZZZZ", None),
    ],
)
def test_path_upper_bound(path, upper):
    assert scoping._path_upper_bound(path) == upper


def test_scope_at_the_end_of_the_alphabet_stays_exact(db):
    # 36 roots: the last one's path ends in "Z", whose bound carries ("0010").
    roots = [OrgUnitFactory() for _ in range(37)]
    last_z, after = roots[34], roots[35]
    assert (last_z.path, after.path) == ("000Z", "0010")
    child = OrgUnitFactory(parent=last_z)
    OrgUnitFactory(parent=after)
    officer = RoleAssignmentFactory(unit=last_z, role=Role.OFFICER).user
    visible = set(scoping.units_for(officer).values_list("path", flat=True))
    assert visible == {"000Z", child.path}


def test_scope_by_range_matches_prefix(tree):
    officer = RoleAssignmentFactory(unit=tree.parent, role=Role.OFFICER).user
    expected = set(OrgUnit.objects.filter(path__startswith=tree.parent.path))
    assert set(scoping.units_for(officer)) == expected
    assert len(expected) == 5


@pytest.fixture
def crowd(tree):
    names = {
        "Nguyễn Văn An": tree.unit,
        "Nguyễn Văn Bình": tree.grandchild,
        "Trần Văn An": tree.child,
        "Nguyễn Thị Hương": tree.unit,
        "Nguyễn Văn Cường": tree.sibling,  # outside the officer's scope
    }
    members = {name: MemberFactory(full_name=name, unit=unit) for name, unit in names.items()}
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    return officer, members


def test_search_finds_names_without_marks_in_scope_in_name_order(crowd):
    officer, members = crowd
    found = selectors.member_search_page(
        scoping.members_for(officer), q="nguyen van", offset=0, limit=20
    )
    assert found == (2, [members["Nguyễn Văn An"], members["Nguyễn Văn Bình"]], True)


def test_search_pages(crowd):
    officer, members = crowd
    scoped = scoping.members_for(officer)
    found = selectors.member_search_page(scoped, q="an", offset=1, limit=1)
    # "an" is in "nguyen van an", "nguyen van binh" ("van") and "tran van an",
    # not in "nguyen thi huong"; "Nguyễn Văn Cường" is out of scope. The two
    # "An"s come first (as a whole word), then "Bình" ("an" inside "Văn").
    assert found == (3, [members["Trần Văn An"]], True)
    assert selectors.member_search_page(scoped, q="an", offset=2, limit=1) == (
        3,
        [members["Nguyễn Văn Bình"]],
        True,
    )
    assert selectors.member_search_page(scoped, q="an", offset=10, limit=5) == (3, [], True)


def test_search_with_no_match_or_no_words(crowd):
    officer, members = crowd
    scoped = scoping.members_for(officer)
    assert selectors.member_search_page(scoped, q="quach", offset=0, limit=20) == (0, [], True)
    found = selectors.member_search_page(scoped, q="  ", offset=0, limit=2)
    assert found == (4, [members["Nguyễn Thị Hương"], members["Nguyễn Văn An"]], True)


def test_search_costs_three_queries_and_loads_units(crowd, django_assert_num_queries):
    officer, _ = crowd
    scoped = scoping.members_for(officer)  # reads the roles once
    # The matches (capped), their names for the ranking, the page with units.
    with django_assert_num_queries(3):
        found = selectors.member_search_page(scoped, q="nguyen", offset=0, limit=20)
        units = [member.unit.code for member in found.members]
    # nguyen thi huong, nguyen van an, nguyen van binh
    assert units == ["KVT", "KVT", "KVT-KC-1"]


def test_search_past_the_cap_counts_the_cap_and_lists_by_unit(crowd, monkeypatch):
    # Three matches in scope, a cap of two: "more than 2", listed in
    # (unit path, name) order — the order of org_member_scope_name.
    officer, members = crowd
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    scoped = scoping.members_for(officer)
    first = selectors.member_search_page(scoped, q="nguyen", offset=0, limit=2)
    assert first == (
        2,
        # KVT (0001 0001 0001) before its grand-child group KVT-KC-1.
        [members["Nguyễn Thị Hương"], members["Nguyễn Văn An"]],
        False,
    )
    # Pages stop at the cap: what lies past it is for a narrower search.
    assert selectors.member_search_page(scoped, q="nguyen", offset=2, limit=2) == (2, [], False)
    assert selectors.member_search_page(scoped, q="nguyen van", offset=0, limit=5) == (
        2,
        [members["Nguyễn Văn An"], members["Nguyễn Văn Bình"]],
        True,
    )


@pytest.mark.parametrize(("matches", "exact"), [(0, True), (3, True), (4, False)])
def test_search_matches_stop_past_the_cap(tree, monkeypatch, matches, exact):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    for n in range(matches):
        MemberFactory(unit=tree.unit, full_name=f"Quách Văn {n}")
    MemberFactory(unit=tree.unit, full_name="Lê Thị Lan")
    queryset = selectors.member_name_matches(Member.objects.all(), "quach")
    rows, is_exact = selectors.member_search_matches(queryset)
    assert is_exact is exact
    assert [name for _, name in rows] == [f"quach van {n}" for n in range(min(matches, 3))]
