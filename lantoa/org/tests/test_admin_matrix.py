"""The admin permission matrix.

Each role is held at `tree.unit`; every page is asked about the unit itself,
its child, its grandchild, its sibling and its parent. Answers:

- 200: shown;
- "denied": Wagtail's answer to PermissionDenied, a redirect to the admin
  home with a message (the user may see the object but not change it, or may
  change no object of that kind at all);
- 404: outside the user's scope, so it does not exist for them;
- "login": no admin access at all (a member without a role).

Writes that are refused must leave the row and the audit log untouched.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from lantoa.core.models import AuditLogEntry
from lantoa.org import services
from lantoa.org.choices import Role
from lantoa.org.models import Member, OrgUnit
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory

TARGETS = ("unit", "child", "grandchild", "sibling", "parent")
ROLES = ("officer", "approver", "administrator", "member")
IN_SCOPE = {"unit", "child", "grandchild"}


def _table(inside, outside):
    return {t: inside if t in IN_SCOPE else outside for t in TARGETS}


def _all(answer):
    return dict.fromkeys(TARGETS, answer)


VISIBLE = _table(200, 404)
LISTED = _table("listed", "hidden")

EXPECTED = {
    "unit_explore": {
        "officer": VISIBLE,
        "approver": VISIBLE,
        "administrator": VISIBLE,
        "member": _all("login"),
    },
    "unit_inspect": {
        "officer": VISIBLE,
        "approver": VISIBLE,
        "administrator": VISIBLE,
        "member": _all("login"),
    },
    "unit_edit": {
        # Only administrators hold UNIT_CHANGE.
        "officer": _all("denied"),
        "approver": _all("denied"),
        "administrator": VISIBLE,
        "member": _all("login"),
    },
    "member_index": {
        "officer": LISTED,
        "approver": LISTED,
        "administrator": LISTED,
        "member": _all("login"),
    },
    "member_inspect": {
        "officer": VISIBLE,
        "approver": VISIBLE,
        "administrator": VISIBLE,
        "member": _all("login"),
    },
    "member_edit": {
        # Approvers see members but may not change them.
        "officer": VISIBLE,
        "approver": _all("denied"),
        "administrator": VISIBLE,
        "member": _all("login"),
    },
}


@dataclass
class World:
    tree: object
    members: dict[str, Member]

    def unit(self, target: str) -> OrgUnit:
        return getattr(self.tree, target)


@pytest.fixture
def world(tree):
    members = {
        target: MemberFactory(
            unit=getattr(tree, target),
            full_name=f"Đoàn viên {target}",
            employee_code=f"NV-{target}",
        )
        for target in TARGETS
    }
    return World(tree, members)


def login_as(client, role: str, unit: OrgUnit):
    user = UserFactory()
    if role == "member":
        MemberFactory(unit=unit, user=user)
    else:
        RoleAssignmentFactory(user=user, unit=unit, role=Role(role))
        # What services.role_assign does: a role opens the admin.
        services.sync_admin_access(user)
    client.force_login(user)
    return user


def answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "denied"
        return f"302 → {location}"
    return response.status_code


def page_url(page: str, world: World, target: str) -> str:
    unit = world.unit(target)
    member = world.members[target]
    return {
        "unit_explore": lambda: reverse("org_units:explore", args=[unit.pk]),
        "unit_inspect": lambda: reverse("org_units:inspect", args=[unit.pk]),
        "unit_edit": lambda: reverse("org_units:edit", args=[unit.pk]),
        "member_index": lambda: f"{reverse('org_members:index')}?unit={unit.code}",
        "member_inspect": lambda: reverse("org_members:inspect", args=[member.pk]),
        "member_edit": lambda: reverse("org_members:edit", args=[member.pk]),
    }[page]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_answers(client, world, role, page):
    login_as(client, role, world.tree.unit)
    answers = {}
    for target in TARGETS:
        response = client.get(page_url(page, world, target))
        result = answer(response)
        if page == "member_index" and result == 200:
            # The listing answers 200 either way; what matters is whose
            # members it shows: a unit out of scope lists nobody.
            # The filter takes the unit's whole subtree.
            codes = {m.employee_code for m in response.context["object_list"]}
            subtree = {
                m.employee_code
                for t, m in world.members.items()
                if t in IN_SCOPE and world.unit(t).path.startswith(world.unit(target).path)
            }
            assert codes in (subtree, set()), codes
            result = "listed" if codes and codes == subtree else "hidden"
        answers[target] = result
    assert answers == EXPECTED[page][role]


@pytest.mark.parametrize("role", ROLES)
def test_member_index_lists_exactly_the_scope(client, world, role):
    login_as(client, role, world.tree.unit)
    response = client.get(reverse("org_members:index"))
    if role == "member":
        assert answer(response) == "login"
        return
    assert response.status_code == 200
    codes = {m.employee_code for m in response.context["object_list"]}
    assert codes == {"NV-unit", "NV-child", "NV-grandchild"}


def test_visible_but_not_changeable_is_refused(client, world):
    # Administrator at the child, officer at the unit: the unit is in view
    # but not in change scope.
    user = login_as(client, "officer", world.tree.unit)
    RoleAssignmentFactory(user=user, unit=world.tree.child, role=Role.ADMINISTRATOR)
    assert answer(client.get(reverse("org_units:edit", args=[world.tree.unit.pk]))) == "denied"
    assert answer(client.get(reverse("org_units:edit", args=[world.tree.child.pk]))) == 200
    assert answer(client.get(reverse("org_units:move", args=[world.tree.unit.pk]))) == "denied"
    assert answer(client.get(reverse("org_units:add_child", args=[world.tree.unit.pk]))) == (
        "denied"
    )
    assert answer(client.get(reverse("org_units:explore", args=[world.tree.sibling.pk]))) == 404


def unit_form_data(unit: OrgUnit, **changes) -> dict:
    data = {
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "slug": unit.slug,
        "sort_order": unit.sort_order,
        "email": unit.email,
        "phone": unit.phone,
        "address": unit.address,
        "website": unit.website,
        **changes,
    }
    if unit.is_active:
        data["is_active"] = "on"
    return data


def member_form_data(member: Member, **changes) -> dict:
    return {
        "unit": member.unit.code,
        "full_name": member.full_name,
        "gender": member.gender,
        "date_of_birth": "",
        "employee_code": member.employee_code,
        "phone": member.phone,
        "email": member.email,
        "join_date": "",
        "status": member.status,
        **changes,
    }


@pytest.mark.parametrize("role", ROLES)
def test_unit_edit_writes_only_in_scope(client, world, role):
    user = login_as(client, role, world.tree.unit)
    expected = EXPECTED["unit_edit"][role]
    for target in TARGETS:
        unit = world.unit(target)
        unit.refresh_from_db()
        before_name, before_log = unit.name, AuditLogEntry.objects.count()
        response = client.post(
            reverse("org_units:edit", args=[unit.pk]),
            unit_form_data(unit, name=f"Tên mới {target}"),
        )
        unit.refresh_from_db()
        if expected[target] == 200:
            assert response.status_code == 302
            assert unit.name == f"Tên mới {target}"
            entry = AuditLogEntry.objects.get(action="org.unit_update", target_id=str(unit.pk))
            assert entry.actor == user
            assert entry.data == {"name": [before_name, f"Tên mới {target}"]}
        else:
            assert answer(response) == expected[target], target
            assert unit.name == before_name
            assert AuditLogEntry.objects.count() == before_log


@pytest.mark.parametrize("role", ROLES)
def test_member_edit_writes_only_in_scope(client, world, role):
    user = login_as(client, role, world.tree.unit)
    expected = EXPECTED["member_edit"][role]
    for target in TARGETS:
        member = world.members[target]
        before_log = AuditLogEntry.objects.count()
        response = client.post(
            reverse("org_members:edit", args=[member.pk]),
            member_form_data(member, full_name=f"Người mới {target}"),
        )
        stored = Member.objects.get(pk=member.pk)
        if expected[target] == 200:
            assert response.status_code == 302
            assert stored.full_name == f"Người mới {target}"
            entry = AuditLogEntry.objects.get(action="org.member_update", target_id=str(member.pk))
            assert entry.actor == user
            assert entry.data == {"fields": ["full_name"]}
        else:
            assert answer(response) == expected[target], target
            assert stored.full_name == f"Đoàn viên {target}"
            assert AuditLogEntry.objects.count() == before_log


@pytest.mark.parametrize("role", ROLES)
def test_member_delete_only_in_scope(client, world, role):
    login_as(client, role, world.tree.unit)
    expected = EXPECTED["member_edit"][role]
    for target in TARGETS:
        member = world.members[target]
        before_log = AuditLogEntry.objects.count()
        response = client.post(reverse("org_members:delete", args=[member.pk]))
        if expected[target] == 200:
            assert response.status_code == 302
            assert not Member.objects.filter(pk=member.pk).exists()
            entry = AuditLogEntry.objects.get(action="org.member_delete", target_id=str(member.pk))
            assert entry.data == {"employee_code": f"NV-{target}"}
        else:
            assert answer(response) == expected[target], target
            assert Member.objects.filter(pk=member.pk).exists()
            assert AuditLogEntry.objects.count() == before_log


@pytest.mark.parametrize("role", ROLES)
def test_add_child_unit_only_in_scope(client, world, role):
    login_as(client, role, world.tree.unit)
    expected = EXPECTED["unit_edit"][role]
    for target in TARGETS:
        parent = world.unit(target)
        before_units, before_log = OrgUnit.objects.count(), AuditLogEntry.objects.count()
        response = client.post(
            reverse("org_units:add_child", args=[parent.pk]),
            {"kind": "union_group", "code": f"NEW-{target}", "name": f"Tổ mới {target}",
             "sort_order": 0, "is_active": "on"},
        )  # fmt: skip
        if expected[target] == 200:
            assert response.status_code == 302
            new = OrgUnit.objects.get(code=f"NEW-{target}")
            assert new.get_parent() == parent
            assert new.slug == f"to-moi-{target}"
            assert (
                AuditLogEntry.objects.filter(
                    action="org.unit_create", target_id=str(new.pk), unit_path=new.path
                ).count()
                == 1
            )
        else:
            assert answer(response) == expected[target], target
            assert OrgUnit.objects.count() == before_units
            assert AuditLogEntry.objects.count() == before_log


@pytest.mark.parametrize(
    ("role", "answers"),
    [
        ("officer", "denied"),
        ("approver", "denied"),
        ("administrator", 200),
        ("member", "login"),
    ],
)
def test_roles_screen_is_for_administrators(client, world, role, answers):
    login_as(client, role, world.tree.unit)
    assert answer(client.get(reverse("org_roles:index"))) == answers
    assert answer(client.get(reverse("org_roles:add"))) == answers
