import pytest

from lantoa.core.exceptions import NotFound
from lantoa.org import scoping
from lantoa.org.choices import Perm, Role
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory


def test_minimal_prefixes_drop_nested_paths():
    assert scoping.minimal_prefixes(["0001", "00010002", "0002", "00020001", "0001"]) == [
        "0001",
        "0002",
    ]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.APPROVER, Role.ADMINISTRATOR])
def test_role_covers_own_subtree_only(tree, role):
    user = RoleAssignmentFactory(unit=tree.unit, role=role).user
    visible = set(scoping.units_for(user).values_list("code", flat=True))
    assert visible == {"KVT", "KVT-KC", "KVT-KC-1"}


def test_member_scope_follows_units(tree):
    officer = RoleAssignmentFactory(unit=tree.unit, role=Role.OFFICER).user
    own = MemberFactory(unit=tree.grandchild)
    MemberFactory(unit=tree.sibling)
    MemberFactory(unit=tree.parent)
    assert list(scoping.members_for(officer)) == [own]


def test_user_without_roles_sees_nothing(tree):
    user = UserFactory()
    MemberFactory(unit=tree.unit)
    assert scoping.units_for(user).count() == 0
    assert scoping.members_for(user).count() == 0
    assert not scoping.user_can(user, Perm.UNIT_VIEW, tree.unit)


def test_superuser_sees_everything(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert scoping.units_for(admin).count() == 7


def test_roles_at_two_units_combine(tree):
    user = RoleAssignmentFactory(unit=tree.child, role=Role.OFFICER).user
    RoleAssignmentFactory(user=user, unit=tree.uncle, role=Role.OFFICER)
    scoping.forget_cached_scope(user)
    assert set(scoping.units_for(user).values_list("code", flat=True)) == {
        "KVT-KC",
        "KVT-KC-1",
        "BSR",
    }


def test_roles_at_inactive_units_grant_nothing(tree):
    user = RoleAssignmentFactory(unit=tree.unit, role=Role.ADMINISTRATOR).user
    tree.unit.is_active = False
    tree.unit.save(update_fields=["is_active"])
    assert scoping.units_for(user).count() == 0


def test_member_sees_own_record_only(tree):
    user = UserFactory()
    own = MemberFactory(unit=tree.unit, user=user)
    other = MemberFactory(unit=tree.unit)
    assert scoping.can_see_member(user, own)
    assert not scoping.can_see_member(user, other)


@pytest.mark.parametrize("lookup", ["code", "public_id", "pk"])
def test_unit_in_scope_finds_a_unit_of_the_subtree_by_any_key(tree, lookup):
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)

    found = scoping.unit_in_scope(
        officer, Perm.CONTENT_EDIT, **{lookup: getattr(tree.child, lookup)}
    )

    assert found == tree.child


@pytest.mark.parametrize("name", ["sibling", "parent", "missing"])
def test_unit_in_scope_answers_not_found_outside_the_scope_as_for_no_unit(tree, name):
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    code = "KHONGCO" if name == "missing" else getattr(tree, name).code

    with pytest.raises(NotFound) as caught:
        scoping.unit_in_scope(officer, Perm.CONTENT_EDIT, code=code)

    assert caught.value.message == "Không tìm thấy đơn vị."


def test_unit_in_scope_checks_the_permission_asked(tree):
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)

    with pytest.raises(NotFound):
        scoping.unit_in_scope(officer, Perm.CONTENT_APPROVE, code=tree.unit.code)


def test_unit_in_scope_takes_exactly_one_key(tree):
    with pytest.raises(TypeError):
        scoping.unit_in_scope(UserFactory(), code=tree.unit.code, pk=tree.unit.pk)
