"""Scoped member search (selectors.member_search_page) and the subtree range
bounds of scoping: the shapes bench/org.py showed PostgreSQL needs at scale."""

import pytest

from lantoa.org import scoping, selectors
from lantoa.org.choices import Role
from lantoa.org.models import OrgUnit
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
    total, page = selectors.member_search_page(
        scoping.members_for(officer), q="nguyen van", offset=0, limit=20
    )
    assert total == 2
    assert page == [members["Nguyễn Văn An"], members["Nguyễn Văn Bình"]]


def test_search_pages(crowd):
    officer, members = crowd
    scoped = scoping.members_for(officer)
    total, page = selectors.member_search_page(scoped, q="an", offset=1, limit=1)
    # "an" is in "nguyen van an", "nguyen van binh" ("van") and "tran van an",
    # not in "nguyen thi huong"; "Nguyễn Văn Cường" is out of scope.
    assert total == 3
    assert page == [members["Nguyễn Văn Bình"]]
    assert selectors.member_search_page(scoped, q="an", offset=10, limit=5) == (3, [])


def test_search_with_no_match_or_no_words(crowd):
    officer, members = crowd
    scoped = scoping.members_for(officer)
    assert selectors.member_search_page(scoped, q="quach", offset=0, limit=20) == (0, [])
    total, page = selectors.member_search_page(scoped, q="  ", offset=0, limit=2)
    assert total == 4
    assert page == [members["Nguyễn Thị Hương"], members["Nguyễn Văn An"]]


def test_search_costs_two_queries_and_loads_units(crowd, django_assert_num_queries):
    officer, _ = crowd
    scoped = scoping.members_for(officer)  # reads the roles once
    with django_assert_num_queries(2):
        _, page = selectors.member_search_page(scoped, q="nguyen", offset=0, limit=20)
        units = [member.unit.code for member in page]
    # nguyen thi huong, nguyen van an, nguyen van binh
    assert units == ["KVT", "KVT", "KVT-KC-1"]
