"""The permission matrix: who may see and change what.

Every actor holds its role at `tree.unit` (KVT) — or, for the plain member,
owns a member record there — and is checked against KVT itself, its child,
its grandchild, its sibling (KCM) and its parent (PV GAS), three ways:

- scoping: `user_can`, `units_for`, `members_for`, `can_see_member`;
- services: `unit_update`, `role_assign`, `member_update` succeed and audit, or
  raise PermissionDenied and leave no changed row and no audit entry;
- the API: unit and member detail answer 200 or 404, and lists hold exactly
  the expected objects.

The expected answers are written out below, one row per case, rather than
derived from `scoping.ROLE_PERMISSIONS`, so that a change of the rules shows up
here as a failing row. The rules: an officer sees the units and members of the
subtree and changes members; an approver only sees them; an administrator sees
and changes units, members and roles; a plain member sees only their own
record; nobody but a superuser sees the sibling or the parent.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.core.api.testing import bearer_headers
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org import scoping, services
from lantoa.org.choices import Perm, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.tests.conftest import Tree
from lantoa.org.tests.factories import (
    MemberFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)

Y, N = True, False

# target → the `tree` fixture's attribute
TARGET_UNITS = {
    "own": "unit",
    "child": "child",
    "grandchild": "grandchild",
    "sibling": "sibling",
    "parent": "parent",
}
# One member per target unit, plus the plain member's own record in KVT.
MEMBER_NAMES = {
    "own": "Nguyễn Văn An",
    "child": "Trần Thị Bình",
    "grandchild": "Lê Văn Cường",
    "sibling": "Phạm Thị Dung",
    "parent": "Hoàng Văn Em",
    "self": "Vũ Thị Hoa",
}

# fmt: off
# actor,          target,       see unit, change unit, change roles
UNIT_MATRIX = [
    ("officer",       "own",        Y, N, N),
    ("officer",       "child",      Y, N, N),
    ("officer",       "grandchild", Y, N, N),
    ("officer",       "sibling",    N, N, N),
    ("officer",       "parent",     N, N, N),
    ("approver",      "own",        Y, N, N),
    ("approver",      "child",      Y, N, N),
    ("approver",      "grandchild", Y, N, N),
    ("approver",      "sibling",    N, N, N),
    ("approver",      "parent",     N, N, N),
    ("administrator", "own",        Y, Y, Y),
    ("administrator", "child",      Y, Y, Y),
    ("administrator", "grandchild", Y, Y, Y),
    ("administrator", "sibling",    N, N, N),
    ("administrator", "parent",     N, N, N),
    ("member",        "own",        N, N, N),
    ("member",        "child",      N, N, N),
    ("member",        "grandchild", N, N, N),
    ("member",        "sibling",    N, N, N),
    ("member",        "parent",     N, N, N),
    ("superuser",     "own",        Y, Y, Y),
    ("superuser",     "child",      Y, Y, Y),
    ("superuser",     "grandchild", Y, Y, Y),
    ("superuser",     "sibling",    Y, Y, Y),
    ("superuser",     "parent",     Y, Y, Y),
]

# actor,          member of,    in scope (members_for), readable (detail), change
MEMBER_MATRIX = [
    ("officer",       "own",        Y, Y, Y),
    ("officer",       "child",      Y, Y, Y),
    ("officer",       "grandchild", Y, Y, Y),
    ("officer",       "sibling",    N, N, N),
    ("officer",       "parent",     N, N, N),
    ("officer",       "self",       Y, Y, Y),
    ("approver",      "own",        Y, Y, N),
    ("approver",      "child",      Y, Y, N),
    ("approver",      "grandchild", Y, Y, N),
    ("approver",      "sibling",    N, N, N),
    ("approver",      "parent",     N, N, N),
    ("approver",      "self",       Y, Y, N),
    ("administrator", "own",        Y, Y, Y),
    ("administrator", "child",      Y, Y, Y),
    ("administrator", "grandchild", Y, Y, Y),
    ("administrator", "sibling",    N, N, N),
    ("administrator", "parent",     N, N, N),
    ("administrator", "self",       Y, Y, Y),
    ("member",        "own",        N, N, N),
    ("member",        "child",      N, N, N),
    ("member",        "grandchild", N, N, N),
    ("member",        "sibling",    N, N, N),
    ("member",        "parent",     N, N, N),
    ("member",        "self",       N, Y, N),  # their own record: read, not change
    ("superuser",     "own",        Y, Y, Y),
    ("superuser",     "child",      Y, Y, Y),
    ("superuser",     "grandchild", Y, Y, Y),
    ("superuser",     "sibling",    Y, Y, Y),
    ("superuser",     "parent",     Y, Y, Y),
    ("superuser",     "self",       Y, Y, Y),
]

SUBTREE = ["KVT", "KVT-KC", "KVT-KC-1"]
SUBTREE_MEMBERS = ["own", "child", "grandchild", "self"]
EVERY_UNIT = ["DKVN", "PVGAS", "KVT", "KVT-KC", "KVT-KC-1", "KCM", "BSR"]
EVERY_MEMBER = ["own", "child", "grandchild", "sibling", "parent", "self"]

# actor,          units listed (tree order), tree roots, members listed
LIST_MATRIX = [
    ("officer",       SUBTREE,    ["KVT"],  SUBTREE_MEMBERS),
    ("approver",      SUBTREE,    ["KVT"],  SUBTREE_MEMBERS),
    ("administrator", SUBTREE,    ["KVT"],  SUBTREE_MEMBERS),
    ("member",        [],         [],       []),
    ("superuser",     EVERY_UNIT, ["DKVN"], EVERY_MEMBER),
]
# fmt: on


@dataclass
class World:
    tree: Tree
    actors: dict[str, AbstractBaseUser]
    members: dict[str, Member]

    def unit(self, target: str) -> OrgUnit:
        unit: OrgUnit = getattr(self.tree, TARGET_UNITS[target])
        return unit


@pytest.fixture
def world(tree) -> World:
    actors: dict[str, Any] = {
        role: RoleAssignmentFactory(unit=tree.unit, role=role, user__username=role).user
        for role in ("officer", "approver", "administrator")
    }
    actors["member"] = UserFactory(username="doanvien")
    actors["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    members = {
        target: MemberFactory(
            unit=getattr(tree, TARGET_UNITS[target]),
            full_name=MEMBER_NAMES[target],
            employee_code=f"M-{target}",
        )
        for target in TARGET_UNITS
    }
    members["self"] = MemberFactory(
        unit=tree.unit,
        user=actors["member"],
        full_name=MEMBER_NAMES["self"],
        employee_code="M-self",
    )
    # Factories write no audit entries: every entry seen later is the test's.
    assert AuditLogEntry.objects.count() == 0
    return World(tree, actors, members)


def api_get(client, user, url: str, **query: Any):
    return client.get(url, query, headers=bearer_headers(user))


def row(model: type[Any], pk: int) -> dict[str, Any]:
    """The whole stored row, to show that nothing in it changed."""
    values: dict[str, Any] = model.objects.values().get(pk=pk)
    return values


def matrix_id(case: tuple[Any, ...]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize(
    ("actor", "target", "see", "change", "change_roles"),
    UNIT_MATRIX,
    ids=map(matrix_id, UNIT_MATRIX),
)
def test_units(client, world, actor, target, see, change, change_roles):
    user, unit = world.actors[actor], world.unit(target)

    # scoping
    assert scoping.user_can(user, Perm.UNIT_VIEW, unit) is see
    assert scoping.units_for(user).filter(pk=unit.pk).exists() is see
    assert scoping.user_can(user, Perm.UNIT_CHANGE, unit) is change
    assert scoping.user_can(user, Perm.ROLE_CHANGE, unit) is change_roles

    # the API: out of scope is indistinguishable from missing
    response = api_get(client, user, f"/api/v1/units/{unit.public_id}/")
    if see:
        assert response.status_code == 200
        assert response.json()["public_id"] == str(unit.public_id)
    else:
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Không tìm thấy đơn vị."}

    # services: unit_update
    before = row(OrgUnit, unit.pk)
    if change:
        services.unit_update(actor=user, unit=unit, name="Tên mới của đơn vị")
        assert OrgUnit.objects.get(pk=unit.pk).name == "Tên mới của đơn vị"
        entry = AuditLogEntry.objects.get()
        assert (entry.action, entry.actor_id, entry.target_id) == (
            "org.unit_update",
            user.pk,
            str(unit.pk),
        )
    else:
        with pytest.raises(PermissionDenied):
            services.unit_update(actor=user, unit=unit, name="Tên mới của đơn vị")
        assert row(OrgUnit, unit.pk) == before
        assert AuditLogEntry.objects.count() == 0

    # services: role_assign
    grantee = UserFactory(username="nguoi-duoc-giao")
    entries_before = AuditLogEntry.objects.count()
    if change_roles:
        services.role_assign(actor=user, user=grantee, unit=unit, role=Role.OFFICER)
        assignment = RoleAssignment.objects.get(user=grantee)
        assert (assignment.unit_id, assignment.role) == (unit.pk, Role.OFFICER)
        assert AuditLogEntry.objects.count() == entries_before + 1
        assert AuditLogEntry.objects.get(action="org.role_assign").actor_id == user.pk
    else:
        with pytest.raises(PermissionDenied):
            services.role_assign(actor=user, user=grantee, unit=unit, role=Role.OFFICER)
        assert not RoleAssignment.objects.filter(user=grantee).exists()
        assert AuditLogEntry.objects.count() == entries_before


@pytest.mark.parametrize(
    ("actor", "target", "in_scope", "readable", "change"),
    MEMBER_MATRIX,
    ids=map(matrix_id, MEMBER_MATRIX),
)
def test_members(client, world, actor, target, in_scope, readable, change):
    user, member = world.actors[actor], world.members[target]

    # scoping
    assert scoping.members_for(user).filter(pk=member.pk).exists() is in_scope
    assert scoping.can_see_member(user, member) is readable
    assert scoping.members_for(user, Perm.MEMBER_CHANGE).filter(pk=member.pk).exists() is change

    # the API
    response = api_get(client, user, f"/api/v1/members/{member.public_id}/")
    if readable:
        assert response.status_code == 200
        assert response.json()["employee_code"] == f"M-{target}"
    else:
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Không tìm thấy đoàn viên."}

    # services: member_update
    before = row(Member, member.pk)
    if change:
        services.member_update(actor=user, member=member, full_name="Đỗ Thị Giang")
        assert Member.objects.get(pk=member.pk).search_name == "do thi giang"
        entry = AuditLogEntry.objects.get()
        assert (entry.action, entry.actor_id, entry.data) == (
            "org.member_update",
            user.pk,
            {"fields": ["full_name"]},
        )
    else:
        with pytest.raises(PermissionDenied):
            services.member_update(actor=user, member=member, full_name="Đỗ Thị Giang")
        assert row(Member, member.pk) == before
        assert AuditLogEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("actor", "units", "roots", "members"), LIST_MATRIX, ids=[c[0] for c in LIST_MATRIX]
)
def test_lists(client, world, actor, units, roots, members):
    user = world.actors[actor]
    headers = bearer_headers(user)
    expected_codes = sorted(f"M-{m}" for m in members)

    assert list(scoping.units_for(user).order_by("path").values_list("code", flat=True)) == units
    assert sorted(scoping.members_for(user).values_list("employee_code", flat=True)) == (
        expected_codes
    )

    listed = client.get("/api/v1/units/", {"limit": 200}, headers=headers).json()
    assert (listed["count"], [u["code"] for u in listed["items"]]) == (len(units), units)

    tree = client.get("/api/v1/units/tree/", headers=headers).json()
    assert [r["code"] for r in tree["roots"]] == roots

    people = client.get("/api/v1/members/", {"limit": 200}, headers=headers).json()
    assert people["count"] == len(members)
    assert sorted(m["employee_code"] for m in people["items"]) == expected_codes


# ---- property: scope is exactly the union of the role units' subtrees ---------

# The rules as stated in the issue, written independently of ROLE_PERMISSIONS.
ROLES_GRANTING = {
    Perm.UNIT_VIEW: {Role.OFFICER, Role.APPROVER, Role.ADMINISTRATOR},
    Perm.UNIT_CHANGE: {Role.ADMINISTRATOR},
    Perm.MEMBER_VIEW: {Role.OFFICER, Role.APPROVER, Role.ADMINISTRATOR},
    Perm.MEMBER_CHANGE: {Role.OFFICER, Role.ADMINISTRATOR},
    Perm.ROLE_CHANGE: {Role.ADMINISTRATOR},
}


@st.composite
def forests_with_roles(draw):
    """A random forest as parent indexes (None = a root), which units are
    active, and a user's (unit index, role) assignments."""
    size = draw(st.integers(min_value=1, max_value=12))
    parents: list[int | None] = [None]
    for i in range(1, size):
        parents.append(draw(st.none() | st.integers(min_value=0, max_value=i - 1)))
    active = draw(st.lists(st.booleans() | st.just(True), min_size=size, max_size=size))
    roles = draw(
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=size - 1), st.sampled_from(Role.values)),
            max_size=4,
            unique=True,
        )
    )
    return parents, active, roles


def expected_scope(parents, active, roles, perm) -> set[int]:
    """Indexes of units under some active unit where the user holds a role
    granting `perm`, found by walking parent links up from every unit."""
    granting = {i for i, role in roles if role in ROLES_GRANTING[perm] and active[i]}
    visible = set()
    for start in range(len(parents)):
        node: int | None = start
        while node is not None:
            if node in granting:
                visible.add(start)
                break
            node = parents[node]
    return visible


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=forests_with_roles())
def test_scope_is_union_of_role_subtrees(db, case):
    parents, active, roles = case
    with transaction.atomic():
        units: list[OrgUnit] = []
        for parent, is_active in zip(parents, active, strict=True):
            parent_unit = units[parent] if parent is not None else None
            units.append(OrgUnitFactory(parent=parent_unit, is_active=is_active))
        members = [MemberFactory(unit=unit) for unit in units]
        user = UserFactory()
        for index, role in roles:
            RoleAssignmentFactory(user=user, unit=units[index], role=role)

        for perm in ROLES_GRANTING:
            expected = expected_scope(parents, active, roles, perm)
            ids = {units[i].pk for i in expected}
            assert set(scoping.units_for(user, perm).values_list("pk", flat=True)) == ids, perm
            assert {u.pk for u in units if scoping.user_can(user, perm, u)} == ids, perm
            if perm in (Perm.MEMBER_VIEW, Perm.MEMBER_CHANGE):
                member_ids = {members[i].pk for i in expected}
                assert set(scoping.members_for(user, perm).values_list("pk", flat=True)) == (
                    member_ids
                )
        transaction.set_rollback(True)
