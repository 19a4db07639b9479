import pytest

from lantoa.core.exceptions import InvalidTreeMove, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org import services
from lantoa.org.choices import Role, UnitKind
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.scoping import members_for, units_for
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture
def root_admin(tree):
    return RoleAssignmentFactory(unit=tree.root, role=Role.ADMINISTRATOR).user


def test_unit_create_builds_slug_and_audits(tree, root_admin):
    unit = services.unit_create(
        actor=root_admin,
        parent=tree.uncle,
        kind=UnitKind.GRASSROOTS_UNION,
        code="BSR-NMLD",
        name="Công đoàn cơ sở Nhà máy Lọc dầu Dung Quất",
        phone="0255 3825 825",
    )
    assert unit.get_parent() == tree.uncle
    assert unit.slug == "cong-doan-co-so-nha-may-loc-dau-dung-quat"
    assert unit.phone == "+842553825825"
    entry = AuditLogEntry.objects.get(action="org.unit_create")
    assert entry.actor == root_admin
    assert entry.unit_path == unit.path


def test_slug_is_made_unique(tree, root_admin):
    first = services.unit_create(
        actor=root_admin, parent=tree.uncle, kind="grassroots_union", code="A1", name="Tổ Ca A"
    )
    second = services.unit_create(
        actor=root_admin, parent=tree.uncle, kind="grassroots_union", code="A2", name="Tổ ca A"
    )
    assert (first.slug, second.slug) == ("to-ca-a", "to-ca-a-2")


def test_officer_cannot_create_units_and_nothing_is_written(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    before = OrgUnit.objects.count()
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=officer, parent=tree.unit, kind="union_group", code="X", name="X"
        )
    assert OrgUnit.objects.count() == before
    assert not AuditLogEntry.objects.exists()


def test_moving_a_subtree_keeps_everything_consistent(tree, root_admin):
    member = MemberFactory(unit=tree.grandchild)
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    services.unit_move(actor=root_admin, unit=tree.unit, new_parent=tree.uncle)
    tree.refresh()
    assert tree.unit.get_parent() == tree.uncle
    assert tree.child.get_parent() == tree.unit
    assert tree.grandchild.path.startswith(tree.uncle.path)
    assert OrgUnit.find_problems() == ([], [], [], [], [])
    # Members and roles follow the move: the officer's scope moved with the unit.
    assert list(members_for(officer)) == [member]
    assert set(units_for(officer).values_list("code", flat=True)) == {"KVT", "KVT-KC", "KVT-KC-1"}
    assert tree.parent.get_children_count() == 1
    entry = AuditLogEntry.objects.get(action="org.unit_move")
    assert entry.data["new_parent"] == "BSR"


def test_cannot_move_a_unit_under_its_own_descendant(tree, root_admin):
    with pytest.raises(InvalidTreeMove):
        services.unit_move(actor=root_admin, unit=tree.unit, new_parent=tree.grandchild)
    tree.refresh()
    assert tree.unit.get_parent() == tree.parent


def test_move_needs_rights_at_the_destination(tree):
    admin = RoleAssignmentFactory(unit=tree.parent, role=Role.ADMINISTRATOR).user
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=admin, unit=tree.unit, new_parent=tree.uncle)


def test_member_create_normalises_and_update_logs_field_names_only(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    member = services.member_create(
        actor=officer,
        unit=tree.child,
        full_name="  Nguyễn   Thị  Hường ",
        employee_code="KVT-001",
        phone="0912 345 678",
        email="Huong@Example.VN",
    )
    assert (member.full_name, member.search_name) == ("Nguyễn Thị Hường", "nguyen thi huong")
    assert (member.phone, member.email) == ("+84912345678", "huong@example.vn")
    services.member_update(actor=officer, member=member, phone="0987654321", unit=tree.grandchild)
    entry = AuditLogEntry.objects.get(action="org.member_update")
    assert entry.data == {"fields": ["phone", "unit"]}
    assert "0987654321" not in str(entry.data)


def test_member_cannot_be_moved_out_of_scope(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    member = MemberFactory(unit=tree.unit)
    with pytest.raises(PermissionDenied):
        services.member_update(actor=officer, member=member, unit=tree.sibling)
    assert Member.objects.get(pk=member.pk).unit == tree.unit


def test_role_assign_is_idempotent_and_grants_admin_access(tree, root_admin):
    user = UserFactory()
    assert not user.has_perm("wagtailadmin.access_admin")
    services.role_assign(actor=root_admin, user=user, unit=tree.unit, role=Role.OFFICER)
    services.role_assign(actor=root_admin, user=user, unit=tree.unit, role=Role.OFFICER)
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert AuditLogEntry.objects.filter(action="org.role_assign").count() == 1
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("wagtailadmin.access_admin")
    services.role_revoke(actor=root_admin, assignment=RoleAssignment.objects.get(user=user))
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("wagtailadmin.access_admin")


def test_officer_cannot_grant_roles(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=officer, user=UserFactory(), unit=tree.child, role=Role.OFFICER)
    assert RoleAssignment.objects.count() == 1
