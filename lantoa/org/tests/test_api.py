"""The org API: units, tree, subtree, members, the caller; errors and auth.

Scope per role is covered exhaustively in test_permission_matrix.py; here an
officer at `tree.unit` (KVT) stands for a scoped caller.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from lantoa.core.api.testing import bearer_headers
from lantoa.org.api import selectors
from lantoa.org.choices import MemberStatus, Perm, Role, UnitKind
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory

UNITS = "/api/v1/units/"
TREE = "/api/v1/units/tree/"
MEMBERS = "/api/v1/members/"
ME = "/api/v1/me/"


@pytest.fixture
def officer(tree):
    return RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user


@pytest.fixture
def get(client):
    """get(user, url, **query) → response, authenticated by a bearer token."""
    headers: dict[int, dict[str, str]] = {}

    def _get(user, url, **query):
        if user.pk not in headers:
            headers[user.pk] = bearer_headers(user)
        return client.get(url, query, headers=headers[user.pk])

    return _get


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def tree_codes(nodes):
    """[(code, [children...])] — the shape of a nested answer, by code."""
    return [(n["code"], tree_codes(n["children"])) for n in nodes]


# ---- authentication and errors -----------------------------------------------


def test_no_token_is_401_with_stable_code(client, tree):
    response = client.get(UNITS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Cần xác thực: gửi mã truy cập API trong tiêu đề «Authorization: Bearer <mã>».",
    }


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer "],
)
def test_bad_credentials_are_401(client, tree, authorization):
    response = client.get(UNITS, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_of_inactive_user_is_401(client, officer):
    headers = bearer_headers(officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = client.get(UNITS, headers=headers)
    assert response.status_code == 401


def test_revoked_token_is_401(client, officer):
    from wagtail.models import APIToken

    headers = bearer_headers(officer)
    APIToken.objects.get(user=officer).revoke()
    assert client.get(UNITS, headers=headers).status_code == 401


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.session["_auth_user_id"] == str(user.pk)  # the cookie is really sent


def test_session_cookie_alone_never_authenticates(client, tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    login(client, admin)
    response = client.get(UNITS)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_session_of_superuser_does_not_widen_a_token(client, tree, officer):
    admin = UserFactory(is_superuser=True, is_staff=True)
    login(client, admin)
    headers = bearer_headers(officer)
    assert codes(client.get(UNITS, headers=headers)) == ["KVT", "KVT-KC", "KVT-KC-1"]
    sibling = client.get(f"{UNITS}{tree.sibling.public_id}/", headers=headers)
    assert sibling.status_code == 404


def test_malformed_uuid_is_422_with_field(get, officer):
    response = get(officer, f"{UNITS}not-a-uuid/")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "Tham số gửi lên không hợp lệ."
    assert [e["loc"] for e in body["errors"]] == [["path", "public_id"]]


def test_limit_above_maximum_is_422(get, officer):
    response = get(officer, UNITS, limit=201)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "limit"]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_api_path_is_json_404(client, db, method):
    response = getattr(client, method)("/api/v1/no-such-thing/deeper")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy."}


# ---- units -------------------------------------------------------------------


def test_unit_list_is_scoped_in_tree_order_with_public_fields(get, tree, officer):
    response = get(officer, UNITS)
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (3, 50, 0)
    assert body["items"] == [
        {
            "public_id": str(tree.unit.public_id),
            "code": "KVT",
            "name": "CĐCS Khí Vũng Tàu",
            "short_name": "",
            "kind": "grassroots_union",
            "depth": 3,
            # The parent (PV GAS) is outside the officer's scope: not revealed.
            "parent_id": None,
            "is_active": True,
            "children_count": 1,
        },
        {
            "public_id": str(tree.child.public_id),
            "code": "KVT-KC",
            "name": "Tổ CĐ Kho cảng",
            "short_name": "",
            "kind": "union_group",
            "depth": 4,
            "parent_id": str(tree.unit.public_id),
            "is_active": True,
            "children_count": 1,
        },
        {
            "public_id": str(tree.grandchild.public_id),
            "code": "KVT-KC-1",
            "name": "Tổ ca 1",
            "short_name": "",
            "kind": "union_group",
            "depth": 5,
            "parent_id": str(tree.child.public_id),
            "is_active": True,
            "children_count": 0,
        },
    ]


def test_unit_list_for_superuser_shows_parents(get, tree):
    admin = UserFactory(is_superuser=True)
    items = get(admin, UNITS).json()["items"]
    assert [i["code"] for i in items] == [
        "DKVN",
        "PVGAS",
        "KVT",
        "KVT-KC",
        "KVT-KC-1",
        "KCM",
        "BSR",
    ]
    parent_of = {i["code"]: i["parent_id"] for i in items}
    assert parent_of["DKVN"] is None
    assert parent_of["KVT"] == str(tree.parent.public_id)
    assert parent_of["BSR"] == str(tree.root.public_id)


def test_unit_list_filters(get, tree):
    admin = UserFactory(is_superuser=True)
    assert codes(get(admin, UNITS, kind=UnitKind.DIRECT_UNION)) == ["PVGAS", "BSR"]
    assert codes(get(admin, UNITS, parent=str(tree.parent.public_id))) == ["KVT", "KCM"]
    tree.sibling.is_active = False
    tree.sibling.save(update_fields=["is_active"])
    assert codes(get(admin, UNITS, is_active="false")) == ["KCM"]
    assert codes(get(admin, UNITS, kind=UnitKind.GRASSROOTS_UNION, is_active="true")) == ["KVT"]


def test_unit_list_parent_outside_scope_is_404(get, tree, officer):
    response = get(officer, UNITS, parent=str(tree.parent.public_id))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy đơn vị."}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("vung tau", ["KVT"]),
        ("VŨNG TÀU", ["KVT"]),
        ("kho cang", ["KVT-KC"]),
        ("to ca", ["KVT-KC", "KVT-KC-1"]),  # words match anywhere: "ca" in "cang"
        ("to ca 1", ["KVT-KC-1"]),
        ("kvt-kc", ["KVT-KC", "KVT-KC-1"]),  # the code
        ("cdcs khi", ["KVT"]),  # "Đ" folds to "d"
        ("ca mau", []),  # the sibling exists but is outside the scope
        ("   ", ["KVT", "KVT-KC", "KVT-KC-1"]),  # blank means no filter
    ],
)
def test_unit_search_ignores_diacritics_and_scope_holds(get, tree, officer, q, expected):
    assert codes(get(officer, UNITS, q=q)) == expected


def test_unit_search_text_follows_renames(get, tree):
    admin = UserFactory(is_superuser=True)
    tree.sibling.name = "Công đoàn cơ sở Khí Cà Mau mới"
    tree.sibling.save(update_fields=["name"])
    assert codes(get(admin, UNITS, q="ca mau moi")) == ["KCM"]


def test_unit_search_matches_short_name(get, tree):
    tree.uncle.short_name = "Lọc dầu Bình Sơn"
    tree.uncle.save(update_fields=["short_name"])
    admin = UserFactory(is_superuser=True)
    assert codes(get(admin, UNITS, q="loc dau binh son")) == ["BSR"]


def test_unit_list_pagination_with_and_without_search(get, tree, officer):
    page = get(officer, UNITS, limit=2, offset=1).json()
    assert (page["count"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [i["code"] for i in page["items"]] == ["KVT-KC", "KVT-KC-1"]
    searched = get(officer, UNITS, q="kvt", limit=1, offset=1).json()
    assert searched["count"] == 3
    assert [i["code"] for i in searched["items"]] == ["KVT-KC"]
    past_end = get(officer, UNITS, offset=10).json()
    assert (past_end["count"], past_end["items"]) == (3, [])


def test_unit_detail_has_contacts(get, tree, officer):
    tree.child.email = "khocang@pvgas.vn"
    tree.child.phone = "+842543000000"
    tree.child.save(update_fields=["email", "phone"])
    body = get(officer, f"{UNITS}{tree.child.public_id}/").json()
    assert body == {
        "public_id": str(tree.child.public_id),
        "code": "KVT-KC",
        "name": "Tổ CĐ Kho cảng",
        "short_name": "",
        "slug": tree.child.slug,
        "kind": "union_group",
        "depth": 4,
        "parent_id": str(tree.unit.public_id),
        "is_active": True,
        "children_count": 1,
        "email": "khocang@pvgas.vn",
        "phone": "+842543000000",
        "address": "",
        "website": "",
    }


def test_out_of_scope_unit_answers_exactly_like_a_missing_one(get, tree, officer):
    hidden = get(officer, f"{UNITS}{tree.sibling.public_id}/")
    missing = get(officer, f"{UNITS}{uuid.uuid4()}/")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.json()
        == missing.json()
        == {
            "code": "not_found",
            "message": "Không tìm thấy đơn vị.",
        }
    )


# ---- tree and subtree ----------------------------------------------------------


def test_tree_of_an_officer_starts_at_their_unit(get, tree, officer):
    body = get(officer, TREE).json()
    assert body["max_depth"] == 3
    assert tree_codes(body["roots"]) == [("KVT", [("KVT-KC", [("KVT-KC-1", [])])])]
    root = body["roots"][0]
    assert {k: v for k, v in root.items() if k != "children"} == {
        "public_id": str(tree.unit.public_id),
        "code": "KVT",
        "name": "CĐCS Khí Vũng Tàu",
        "short_name": "",
        "kind": "grassroots_union",
        "depth": 3,
        "is_active": True,
        "children_count": 1,
    }


def test_tree_depth_is_counted_from_each_scope_root(get, tree):
    user = RoleAssignmentFactory(unit=tree.unit, role=Role.APPROVER).user
    RoleAssignmentFactory(user=user, unit=tree.uncle, role=Role.OFFICER)
    body = get(user, TREE, max_depth=2).json()
    assert tree_codes(body["roots"]) == [("KVT", [("KVT-KC", [])]), ("BSR", [])]
    # The cut-off node still says it has children to expand.
    assert body["roots"][0]["children"][0]["children_count"] == 1


def test_tree_for_superuser_and_for_nobody(get, tree):
    admin = UserFactory(is_superuser=True)
    assert tree_codes(get(admin, TREE, max_depth=2).json()["roots"]) == [
        ("DKVN", [("PVGAS", []), ("BSR", [])])
    ]
    assert get(UserFactory(), TREE).json() == {"max_depth": 3, "roots": []}


def test_tree_max_depth_bounds(get, officer):
    assert get(officer, TREE, max_depth=0).status_code == 422
    assert get(officer, TREE, max_depth=11).status_code == 422


def test_tree_refuses_to_build_more_than_the_cap(get, tree, officer, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_TREE_NODES", 2)
    response = get(officer, TREE)
    assert response.status_code == 422
    assert response.json()["code"] == "tree_too_large"


@pytest.fixture
def counted_members(tree):
    """Active members: KVT 2, KVT-KC 1, KVT-KC-1 3, KCM 1, PVGAS 1; plus
    members who left or are suspended, who are never counted."""
    for unit, n in [(tree.unit, 2), (tree.child, 1), (tree.grandchild, 3)]:
        MemberFactory.create_batch(n, unit=unit)
    MemberFactory(unit=tree.sibling)
    MemberFactory(unit=tree.parent)
    MemberFactory(unit=tree.unit, status=MemberStatus.LEFT)
    MemberFactory(unit=tree.grandchild, status=MemberStatus.SUSPENDED)


def subtree_counts(node):
    return [
        (node["code"], node["member_count"], node["own_member_count"]),
        *[c for child in node["children"] for c in subtree_counts(child)],
    ]


def test_subtree_rolls_member_counts_up(get, tree, officer, counted_members):
    body = get(officer, f"{UNITS}{tree.unit.public_id}/subtree/").json()
    assert subtree_counts(body) == [("KVT", 6, 2), ("KVT-KC", 4, 1), ("KVT-KC-1", 3, 3)]


def test_subtree_counts_include_levels_below_max_depth(get, tree, counted_members):
    admin = UserFactory(is_superuser=True)
    body = get(admin, f"{UNITS}{tree.root.public_id}/subtree/", max_depth=2).json()
    assert subtree_counts(body) == [("DKVN", 8, 0), ("PVGAS", 8, 1), ("BSR", 0, 0)]
    assert body["children"][0]["children"] == []


def test_subtree_outside_scope_is_404(get, tree, officer):
    for unit in (tree.parent, tree.sibling):
        response = get(officer, f"{UNITS}{unit.public_id}/subtree/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


# ---- members -----------------------------------------------------------------


def test_member_list_is_scoped_with_exact_fields(get, tree, officer):
    an = MemberFactory(
        unit=tree.child,
        full_name="Nguyễn Văn An",
        gender="male",
        date_of_birth=datetime.date(1990, 5, 17),
        employee_code="PVG-0001",
        phone="+84912345678",
        email="an.nv@pvgas.vn",
        join_date=datetime.date(2015, 3, 2),
    )
    MemberFactory(unit=tree.sibling, full_name="Nguyễn Văn Ẩn")
    MemberFactory(unit=tree.parent, full_name="Nguyễn Văn Ân")
    body = get(officer, MEMBERS).json()
    assert (body["count"], body["limit"], body["offset"]) == (1, 50, 0)
    assert body["items"] == [
        {
            "public_id": str(an.public_id),
            "full_name": "Nguyễn Văn An",
            "gender": "male",
            "date_of_birth": "1990-05-17",
            "employee_code": "PVG-0001",
            "phone": "+84912345678",
            "email": "an.nv@pvgas.vn",
            "unit": {"public_id": str(tree.child.public_id), "code": "KVT-KC"},
            "join_date": "2015-03-02",
            "status": "active",
        }
    ]


def names(response):
    assert response.status_code == 200, response.content
    return [item["full_name"] for item in response.json()["items"]]


@pytest.fixture
def people(tree):
    MemberFactory(unit=tree.unit, full_name="Nguyễn Văn An")
    MemberFactory(unit=tree.child, full_name="Trần Thị Bình")
    MemberFactory(unit=tree.grandchild, full_name="Nguyễn Vân Anh", status=MemberStatus.LEFT)
    MemberFactory(unit=tree.grandchild, full_name="Lê Đức Nguyên")
    MemberFactory(unit=tree.sibling, full_name="Nguyễn Văn Bảo")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Lê Đức Nguyên", "Nguyễn Văn An", "Nguyễn Vân Anh", "Trần Thị Bình"]),
        ({"q": "nguyen van"}, ["Nguyễn Văn An", "Nguyễn Vân Anh"]),
        ({"q": "Nguyễn Văn"}, ["Nguyễn Văn An", "Nguyễn Vân Anh"]),
        ({"q": "van an"}, ["Nguyễn Văn An", "Nguyễn Vân Anh"]),
        ({"q": "duc"}, ["Lê Đức Nguyên"]),
        ({"q": "bao"}, []),  # only in the sibling
        ({"status": "left"}, ["Nguyễn Vân Anh"]),
        ({"status": "active", "q": "nguyen"}, ["Lê Đức Nguyên", "Nguyễn Văn An"]),
    ],
)
def test_member_filters(get, tree, officer, people, query, expected):
    assert names(get(officer, MEMBERS, **query)) == expected


def test_member_count_is_exact_below_the_cap(get, officer, people):
    body = get(officer, MEMBERS, q="nguyen").json()
    assert (body["count"], body["count_exact"]) == (3, True)


def test_member_search_past_the_cap_says_so_and_lists_by_unit(
    get, tree, officer, people, monkeypatch
):
    from lantoa.org import selectors as org_selectors

    monkeypatch.setattr(org_selectors, "SEARCH_COUNT_CAP", 1)
    response = get(officer, MEMBERS, q="nguyen")
    body = response.json()
    assert (body["count"], body["count_exact"]) == (1, False)
    # (unit path, name) order: KVT's "Nguyễn Văn An" first.
    assert names(response) == ["Nguyễn Văn An"]
    # A listing without a search counts exactly, whatever its size.
    body = get(officer, MEMBERS).json()
    assert (body["count"], body["count_exact"]) == (4, True)


def test_member_unit_filter_includes_its_subtree(get, tree, officer, people):
    response = get(officer, MEMBERS, unit=str(tree.child.public_id))
    assert names(response) == ["Lê Đức Nguyên", "Nguyễn Vân Anh", "Trần Thị Bình"]


def test_member_unit_filter_outside_scope_is_404(get, tree, officer, people):
    response = get(officer, MEMBERS, unit=str(tree.sibling.public_id))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy đơn vị."}


def test_member_bad_status_is_422(get, officer):
    response = get(officer, MEMBERS, status="retired")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "status"]]


def test_member_detail_and_own_record(get, tree, officer):
    user = UserFactory()
    own = MemberFactory(unit=tree.sibling, user=user, full_name="Phạm Thu Hà")
    other = MemberFactory(unit=tree.sibling)
    body = get(user, f"{MEMBERS}{own.public_id}/").json()
    assert body["full_name"] == "Phạm Thu Hà"
    assert body["unit"] == {
        "public_id": str(tree.sibling.public_id),
        "code": "KCM",
        "name": "CĐCS Khí Cà Mau",
    }
    for caller, member in [(user, other), (officer, own)]:
        response = get(caller, f"{MEMBERS}{member.public_id}/")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Không tìm thấy đoàn viên."}


# ---- the caller --------------------------------------------------------------


def test_me_lists_roles_and_permissions(get, tree):
    user = UserFactory(username="canbo.kvt", first_name="Hà", last_name="Phạm")
    RoleAssignmentFactory(user=user, unit=tree.unit, role=Role.OFFICER)
    RoleAssignmentFactory(user=user, unit=tree.unit, role=Role.APPROVER)
    RoleAssignmentFactory(user=user, unit=tree.uncle, role=Role.APPROVER)
    own = MemberFactory(unit=tree.unit, user=user)
    assert get(user, ME).json() == {
        "username": "canbo.kvt",
        "full_name": "Phạm Hà",  # family name first
        "email": "canbo.kvt@example.vn",
        "is_superuser": False,
        "member_id": str(own.public_id),
        "roles": [
            {
                "unit_id": str(tree.unit.public_id),
                "unit_code": "KVT",
                "unit_name": "CĐCS Khí Vũng Tàu",
                "role": "approver",
                "permissions": ["content.approve", "content.edit", "member.view", "unit.view"],
            },
            {
                "unit_id": str(tree.unit.public_id),
                "unit_code": "KVT",
                "unit_name": "CĐCS Khí Vũng Tàu",
                "role": "officer",
                "permissions": ["content.edit", "member.change", "member.view", "unit.view"],
            },
            {
                "unit_id": str(tree.uncle.public_id),
                "unit_code": "BSR",
                "unit_name": "Công đoàn BSR",
                "role": "approver",
                "permissions": ["content.approve", "content.edit", "member.view", "unit.view"],
            },
        ],
        "permissions": [
            "content.approve",
            "content.edit",
            "member.change",
            "member.view",
            "unit.view",
        ],
    }


def test_me_for_superuser_and_plain_user(get, tree):
    admin = UserFactory(is_superuser=True)
    body = get(admin, ME).json()
    assert (body["is_superuser"], body["roles"], body["member_id"]) == (True, [], None)
    assert body["permissions"] == sorted(Perm.values)
    plain = get(UserFactory(), ME).json()
    assert (plain["roles"], plain["permissions"]) == ([], [])


# ---- query counts (N+1 guard) ---------------------------------------------------


@pytest.fixture
def warm_get(get):
    """Like `get`, but after one untimed call: Wagtail stamps a fresh token's
    `last_used_at` on first use (one UPDATE) and we time the steady state."""

    def _get(user, url, **query):
        get(user, url, **query)
        return lambda: get(user, url, **query)

    return _get


def _grow(tree, n):
    """n more units and 2n more members below KVT, to show counts stay flat."""
    from lantoa.org.tests.factories import OrgUnitFactory

    for _ in range(n):
        unit = OrgUnitFactory(parent=tree.child)
        MemberFactory.create_batch(2, unit=unit)


# token, roles, count, page
@pytest.mark.parametrize("query", [{}, {"q": "to"}, {"kind": "union_group"}])
def test_unit_list_query_count(django_assert_num_queries, warm_get, tree, officer, query):
    _grow(tree, 5)
    call = warm_get(officer, UNITS, **query)
    with django_assert_num_queries(4):
        response = call()
    assert response.json()["count"] >= 2


def test_unit_list_with_parent_query_count(django_assert_num_queries, warm_get, tree, officer):
    _grow(tree, 5)
    call = warm_get(officer, UNITS, parent=str(tree.child.public_id))
    with django_assert_num_queries(5):  # + the parent lookup
        assert call().json()["count"] == 6


def test_tree_query_count(django_assert_num_queries, warm_get, tree, officer):
    _grow(tree, 5)
    call = warm_get(officer, TREE, max_depth=5)
    with django_assert_num_queries(3):  # token, roles, units
        body = call().json()
    assert len(body["roots"][0]["children"][0]["children"]) == 6


def test_subtree_query_count(django_assert_num_queries, warm_get, tree, officer):
    _grow(tree, 5)
    call = warm_get(officer, f"{UNITS}{tree.unit.public_id}/subtree/", max_depth=5)
    with django_assert_num_queries(5):  # token, roles, unit, units, grouped counts
        body = call().json()
    assert body["member_count"] == 10


@pytest.mark.parametrize("query", [{}, {"q": "nguyen"}, {"status": "active"}])
def test_member_list_query_count(django_assert_num_queries, warm_get, tree, officer, query):
    _grow(tree, 5)
    MemberFactory.create_batch(3, unit=tree.unit, full_name="Nguyễn Thị Hoa")
    call = warm_get(officer, MEMBERS, **query)
    # token, roles, count, page (units joined); a search also reads the
    # matches' names to rank them (selectors.member_search_ranked).
    with django_assert_num_queries(5 if "q" in query else 4):
        assert call().json()["count"] >= 3


def test_member_list_with_unit_query_count(django_assert_num_queries, warm_get, tree, officer):
    _grow(tree, 5)
    call = warm_get(officer, MEMBERS, unit=str(tree.child.public_id))
    with django_assert_num_queries(5):
        assert call().json()["count"] == 10


def test_me_query_count(django_assert_num_queries, warm_get, tree, officer):
    call = warm_get(officer, ME)
    with django_assert_num_queries(3):  # token, roles, own member record
        call()


def test_token_use_is_stamped(get, tree, officer):
    """Sanity for `warm_get`: the first call stamps `last_used_at`."""
    from wagtail.models import APIToken

    get(officer, UNITS)
    token = APIToken.objects.get(user=officer)
    assert token.last_used_at is not None
    assert token.last_used_at <= timezone.now()
