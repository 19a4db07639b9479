"""The organisation's Wagtail admin: policies, the unit explorer, members,
roles, the audit log's scope and the menu. The role × unit permission matrix
is in test_admin_matrix.py."""

import pytest
from django.test import RequestFactory
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.menu import admin_menu
from wagtail.permissions import policy_registry

from lantoa.core.audit import audit_record
from lantoa.core.models import AuditLogEntry
from lantoa.core.viewsets import AuditLogViewSet
from lantoa.org import services
from lantoa.org.choices import Gender, MemberStatus, Role
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.permissions import (
    audit_permission_policy,
    member_permission_policy,
    unit_permission_policy,
)
from lantoa.org.tests.factories import (
    MemberFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from lantoa.org.viewsets import members as member_views


def staff(role, *units):
    """A user holding `role` at each unit, with admin access as role_assign gives."""
    user = UserFactory()
    for unit in units:
        RoleAssignmentFactory(user=user, unit=unit, role=role)
    services.sync_admin_access(user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _noop(request):  # a stand-in for the member import/export views
    raise AssertionError("not called")


# Used by @pytest.mark.urls below: the admin plus the two URL names the member
# import/export work provides, so the header buttons have somewhere to point.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("import/", _noop, name="org_member_import_start"),
    path("export/", _noop, name="org_member_export"),
]


# --- permission policies ------------------------------------------------------------


def test_policies_are_registered_for_the_models():
    assert policy_registry.get_by_type(OrgUnit) is unit_permission_policy
    assert policy_registry.get_by_type(Member) is member_permission_policy
    assert policy_registry.get_by_type(AuditLogEntry) is audit_permission_policy


@pytest.mark.parametrize(
    ("role", "granted"),
    [
        (Role.OFFICER, {"view"}),
        (Role.APPROVER, {"view"}),
        (Role.ADMINISTRATOR, {"view", "add", "change", "delete"}),
    ],
)
def test_unit_policy_maps_actions_to_perms(tree, role, granted):
    user = staff(role, tree.unit)
    actions = {"view", "add", "change", "delete", "publish", "lock"}
    assert {a for a in actions if unit_permission_policy.user_has_permission(user, a)} == granted
    assert {
        a
        for a in actions
        if unit_permission_policy.user_has_permission_for_instance(user, a, tree.child)
    } == granted
    assert not any(
        unit_permission_policy.user_has_permission_for_instance(user, a, tree.sibling)
        for a in actions
    )


def test_member_policy_instances_are_the_scope(tree):
    officer = staff(Role.OFFICER, tree.child)
    inside = MemberFactory(unit=tree.grandchild)
    MemberFactory(unit=tree.unit)
    MemberFactory(unit=tree.sibling)
    assert list(member_permission_policy.instances_user_has_permission_for(officer, "change")) == [
        inside
    ]
    assert list(member_permission_policy.instances_user_has_permission_for(officer, "lock")) == []


def test_policy_lists_holders_at_ancestors_only(tree, superuser):
    at_parent = staff(Role.OFFICER, tree.parent)
    at_unit = staff(Role.ADMINISTRATOR, tree.unit)
    staff(Role.OFFICER, tree.sibling)
    staff(Role.APPROVER, tree.unit)  # approvers never change members
    member = MemberFactory(unit=tree.child)
    holders = member_permission_policy.users_with_permission_for_instance("change", member)
    assert set(holders) == {at_parent, at_unit, superuser}
    assert set(member_permission_policy.users_with_permission("delete")) >= {at_parent, at_unit}


def test_audit_policy_never_grants_writes(tree, superuser):
    entry = audit_record(actor=superuser, action="org.unit_update", unit_path=tree.unit.path)
    admin = staff(Role.ADMINISTRATOR, tree.unit)
    assert audit_permission_policy.user_has_permission_for_instance(admin, "view", entry)
    for user in (admin, superuser):
        assert not audit_permission_policy.user_has_permission(user, "change")
        assert not audit_permission_policy.user_has_permission_for_instance(user, "delete", entry)
    unitless = audit_record(actor=superuser, action="org.unit_update", unit_path="")
    assert not audit_permission_policy.user_has_permission_for_instance(admin, "view", unitless)
    assert audit_permission_policy.user_has_permission_for_instance(superuser, "view", unitless)


# --- the unit explorer ------------------------------------------------------------------


def test_explorer_starts_at_the_users_top_units(client, tree):
    client.force_login(staff(Role.OFFICER, tree.child, tree.uncle))
    response = client.get(reverse("org_units:index"))
    assert response.status_code == 200
    # Tree order: KVT-KC lies under PV GAS, which comes before BSR.
    assert [u.code for u in response.context["object_list"]] == ["KVT-KC", "BSR"]


def test_explorer_top_for_superuser_is_the_roots(client, tree, superuser):
    client.force_login(superuser)
    response = client.get(reverse("org_units:index"))
    assert [u.code for u in response.context["object_list"]] == ["DKVN"]
    assert response.context["add_url"] == reverse("org_units:add")


def test_explorer_lists_children_with_counts(client, tree):
    MemberFactory(unit=tree.unit)
    MemberFactory(unit=tree.child)
    MemberFactory(unit=tree.grandchild)
    MemberFactory(unit=tree.grandchild, status=MemberStatus.LEFT)  # not counted
    MemberFactory(unit=tree.sibling)
    client.force_login(staff(Role.OFFICER, tree.parent))
    response = client.get(reverse("org_units:explore", args=[tree.parent.pk]))
    rows = {u.code: (u.numchild, u.member_count) for u in response.context["object_list"]}
    assert rows == {"KVT": (1, 3), "KCM": (0, 1)}


def test_explorer_breadcrumbs_stop_at_the_scope(client, tree):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_units:explore", args=[tree.grandchild.pk]))
    labels = [item["label"] for item in response.context["breadcrumbs_items"]]
    assert labels[1:] == ["Đơn vị", "CĐCS Khí Vũng Tàu", "Tổ CĐ Kho cảng", "Tổ ca 1"]
    assert response.context["breadcrumbs_items"][2]["url"] == reverse(
        "org_units:explore", args=[tree.unit.pk]
    )


def test_explorer_search_covers_the_subtree_in_scope(client, tree):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_units:explore", args=[tree.unit.pk]), {"q": "Tổ"})
    assert [u.code for u in response.context["object_list"]] == ["KVT-KC", "KVT-KC-1"]
    # From the top, searching never reaches outside the scope (PV GAS's other units).
    response = client.get(reverse("org_units:index"), {"q": "CĐCS"})
    assert [u.code for u in response.context["object_list"]] == ["KVT"]


def test_explorer_offers_changes_only_where_allowed(client, tree):
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    own = client.get(reverse("org_units:explore", args=[tree.unit.pk]))
    assert own.context["add_url"] == reverse("org_units:add_child", args=[tree.unit.pk])
    top = client.get(reverse("org_units:index"))
    assert top.context["add_url"] is None  # a new root is for superusers
    assert top.context["header_buttons"] == []


@pytest.mark.parametrize("extra_children", [0, 9])
def test_explorer_query_count_does_not_grow_with_rows(
    client, tree, django_assert_num_queries, extra_children
):
    for n in range(extra_children):
        MemberFactory(unit=OrgUnitFactory(parent=tree.child, code=f"KC-{n}"))
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    url = reverse("org_units:explore", args=[tree.child.pk])
    # Two of them: may this user edit the site's public address (the Settings
    # menu item of lantoa.core's site setting)? And the union's name for the
    # tab title and the sidebar (core/templatetags/lantoa_admin.py).
    with django_assert_num_queries(16):
        response = client.get(url)
    assert len(response.context["object_list"]) == 1 + extra_children


# --- unit writes ------------------------------------------------------------------------


def test_move_subtree_through_the_admin(client, tree):
    members = [MemberFactory(unit=tree.unit), MemberFactory(unit=tree.grandchild)]
    admin = staff(Role.ADMINISTRATOR, tree.parent)
    client.force_login(admin)
    url = reverse("org_units:move", args=[tree.unit.pk])
    form = client.get(url).context["form"]
    # The unit, its subtree and its current parent are not offered.
    assert [u.code for u in form.fields["new_parent"].queryset] == ["KCM"]

    response = client.post(url, {"new_parent": "KCM"})

    assert response.status_code == 302
    assert response["Location"] == reverse("org_units:explore", args=[tree.sibling.pk])
    tree.refresh()
    assert tree.unit.get_parent() == tree.sibling
    assert tree.child.get_parent() == tree.unit
    assert tree.grandchild.path.startswith(tree.sibling.path)
    assert tree.sibling.numchild == 1
    assert tree.parent.numchild == 1
    assert {m.unit_id for m in Member.objects.filter(pk__in=[m.pk for m in members])} == {
        tree.unit.pk,
        tree.grandchild.pk,
    }
    entry = AuditLogEntry.objects.get(action="org.unit_move")
    assert entry.actor == admin
    assert entry.data["new_parent"] == "KCM"
    assert entry.data["to"] == tree.unit.path


@pytest.mark.parametrize("target", ["KVT-KC", "BSR", "KVT"])
def test_move_refuses_places_not_offered(client, tree, target):
    # KVT-KC is below the unit, BSR is outside the actor's scope, KVT is itself.
    client.force_login(staff(Role.ADMINISTRATOR, tree.parent))
    paths = dict(OrgUnit.objects.values_list("code", "path"))
    response = client.post(reverse("org_units:move", args=[tree.unit.pk]), {"new_parent": target})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "new_parent": [f"Không có đơn vị mã «{target}» trong phạm vi của bạn."]
    }
    assert dict(OrgUnit.objects.values_list("code", "path")) == paths
    assert not AuditLogEntry.objects.exists()


def test_add_child_unit_reports_bad_phone_in_vietnamese(client, tree):
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    response = client.post(
        reverse("org_units:add_child", args=[tree.unit.pk]),
        {"kind": "union_group", "code": "X1", "name": "Tổ X", "sort_order": 0, "phone": "12345"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["phone"]
    assert not OrgUnit.objects.filter(code="X1").exists()
    assert not AuditLogEntry.objects.exists()


# --- members ---------------------------------------------------------------------------


@pytest.fixture
def named_members(tree):
    names = {
        "Nguyễn Văn An": tree.unit,
        "Nguyễn Thị Bình": tree.child,
        "Trần Văn Nguyên": tree.grandchild,
        "Lê Nguyễn Văn Cường": tree.unit,
        "Nguyễn Văn Đức": tree.sibling,  # matches, but out of scope
        "Phạm Vân": tree.unit,
    }
    return {name: MemberFactory(full_name=name, unit=unit) for name, unit in names.items()}


def _names(response):
    return [m.full_name for m in response.context["object_list"]]


@pytest.mark.parametrize("query", ["nguyen van", "NGUYEN  VAN", "Nguyễn Văn", "van nguyen"])
def test_member_search_ignores_marks_and_needs_every_word(client, tree, named_members, query):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_members:index"), {"q": query})
    assert response.status_code == 200
    assert _names(response) == ["Lê Nguyễn Văn Cường", "Nguyễn Văn An", "Trần Văn Nguyên"]


def test_member_search_with_a_mark_free_single_word(client, tree, named_members):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_members:index"), {"q": "van"})
    assert _names(response) == [
        "Lê Nguyễn Văn Cường",
        "Nguyễn Văn An",
        "Phạm Vân",
        "Trần Văn Nguyên",
    ]


def test_member_search_ranks_whole_words_then_word_starts_in_vietnamese_order(client, tree):
    for name in ("Bùi Văn Nguyên", "Lê Thị Anh", "Nguyễn Văn An", "Đặng Thị An", "Dương Văn An"):
        MemberFactory(full_name=name, unit=tree.unit)
    client.force_login(staff(Role.OFFICER, tree.unit))

    response = client.get(reverse("org_members:index"), {"q": "an"})

    # "An" as a name first (Đ after D), then "Anh", then "an" inside "Văn".
    assert _names(response) == [
        "Dương Văn An",
        "Đặng Thị An",
        "Nguyễn Văn An",
        "Lê Thị Anh",
        "Bùi Văn Nguyên",
    ]


def test_member_search_for_a_full_name_puts_that_person_first(client, tree):
    for name in ("Bùi Văn Nguyên", "Nguyễn Văn Anh", "Nguyễn Văn An", "Nguyên Văn An"):
        MemberFactory(full_name=name, unit=tree.unit)
    client.force_login(staff(Role.OFFICER, tree.unit))

    response = client.get(reverse("org_members:index"), {"q": "Nguyễn Văn An"})

    assert _names(response) == [
        "Nguyễn Văn An",  # every word, marks included
        "Nguyên Văn An",  # every word, one mark differs
        "Nguyễn Văn Anh",  # "an" starts "Anh"
        "Bùi Văn Nguyên",  # "an" only inside "Văn"
    ]


def test_member_search_past_the_cap_says_more_than(client, tree, named_members, monkeypatch):
    from lantoa.org import selectors

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_members:index"), {"q": "van"})
    assert response.status_code == 200
    assert "Có hơn 2 kết quả" in response.content.decode()
    # Listed by unit, then name: KVT's members (Lê Nguyễn Văn Cường, Nguyễn
    # Văn An, Phạm Vân), then the group two levels down; one page of 2.
    assert response.context["paginator"].count == 2
    assert _names(response) == ["Lê Nguyễn Văn Cường", "Nguyễn Văn An"]
    response = client.get(reverse("org_members:index"), {"q": "nguyen van"})
    assert response.context["paginator"].count == 2  # 3 matches: capped
    response = client.get(reverse("org_members:index"), {"q": "pham"})
    assert "Có hơn" not in response.content.decode()
    assert _names(response) == ["Phạm Vân"]


def test_member_filters(client, tree):
    MemberFactory(full_name="A", unit=tree.unit, gender=Gender.MALE)
    MemberFactory(full_name="B", unit=tree.child, gender=Gender.FEMALE)
    MemberFactory(full_name="C", unit=tree.grandchild, gender=Gender.FEMALE)
    MemberFactory(full_name="D", unit=tree.grandchild, status=MemberStatus.SUSPENDED)
    client.force_login(staff(Role.APPROVER, tree.unit))
    url = reverse("org_members:index")
    assert _names(client.get(url, {"unit": "KVT-KC"})) == ["B", "C", "D"]
    assert _names(client.get(url, {"gender": "female"})) == ["B", "C"]
    assert _names(client.get(url, {"status": "suspended"})) == ["D"]
    assert _names(client.get(url, {"unit": "KVT-KC", "gender": "female", "q": "c"})) == ["C"]
    # A unit outside the scope lists nobody rather than everybody.
    assert _names(client.get(url, {"unit": "KCM"})) == []


def test_member_index_paginates(client, tree):
    for n in range(55):
        MemberFactory(full_name=f"Đoàn viên {n:02d}", unit=tree.child)
    client.force_login(staff(Role.OFFICER, tree.unit))
    first = client.get(reverse("org_members:index"))
    second = client.get(reverse("org_members:index"), {"p": 2})
    assert first.context["items_count"] == 55
    assert len(first.context["object_list"]) == 50
    assert _names(second) == [f"Đoàn viên {n}" for n in range(50, 55)]


@pytest.mark.parametrize("rows", [2, 20])
def test_member_index_query_count_does_not_grow_with_rows(
    client, tree, django_assert_num_queries, rows
):
    for n in range(rows):
        MemberFactory(unit=tree.child if n % 2 else tree.grandchild)
    client.force_login(staff(Role.OFFICER, tree.unit))
    # Session, user, admin access (2), Wagtail profile, roles, the unit
    # filter (widget size, lookup, options), count, page, and Wagtail's menu
    # (locales, page and collection permissions): none of them per row.
    with django_assert_num_queries(16):
        response = client.get(reverse("org_members:index"), {"q": "", "unit": "KVT"})
    assert len(response.context["object_list"]) == rows


def test_member_form_offers_only_units_in_change_scope(client, tree):
    client.force_login(staff(Role.OFFICER, tree.child))
    form = client.get(reverse("org_members:add")).context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["KVT-KC", "KVT-KC-1"]


def test_member_create_through_services(client, tree):
    officer = staff(Role.OFFICER, tree.unit)
    client.force_login(officer)
    response = client.post(
        reverse("org_members:add"),
        {
            "unit": "KVT-KC",
            "full_name": "  Nguyễn   Văn  Mới ",
            "gender": "male",
            "employee_code": "NV-NEW",
            "phone": "0912 345 678",
            "email": "Moi@Example.VN",
            "status": "active",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(employee_code="NV-NEW")
    assert (member.unit, member.full_name, member.phone, member.email) == (
        tree.child,
        "Nguyễn Văn Mới",
        "+84912345678",
        "moi@example.vn",
    )
    assert member.search_name == "nguyen van moi"
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.unit_path) == (
        "org.member_create",
        officer,
        tree.child.path,
    )


def test_member_create_refuses_a_unit_out_of_scope(client, tree):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.post(
        reverse("org_members:add"),
        {"unit": "KCM", "full_name": "X", "employee_code": "NV-X", "status": "active"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "unit": ["Không có đơn vị mã «KCM» trong phạm vi của bạn."]
    }
    assert not Member.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_member_moved_to_another_unit_is_audited_by_field(client, tree):
    member = MemberFactory(unit=tree.child, full_name="Hà Văn Chuyển", gender="", status="active")
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.post(
        reverse("org_members:edit", args=[member.pk]),
        {
            "unit": "KVT-KC-1",
            "full_name": member.full_name,
            "gender": "",
            "employee_code": member.employee_code,
            "phone": member.phone,
            "email": member.email,
            "status": "active",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit == tree.grandchild
    entry = AuditLogEntry.objects.get()
    assert entry.data == {"fields": ["unit"]}
    assert entry.unit_path == tree.grandchild.path


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("role", "query", "buttons"),
    [
        (Role.OFFICER, {"unit": "KVT-KC"}, ["/export/?unit=KVT-KC", "/import/"]),
        # Without a filter, the export takes the user's one top unit.
        (Role.OFFICER, {}, ["/export/?unit=KVT", "/import/"]),
        (Role.APPROVER, {}, ["/export/?unit=KVT"]),
    ],
)
def test_member_import_export_buttons(client, tree, role, query, buttons):
    client.force_login(staff(role, tree.unit))
    response = client.get(reverse("org_members:index"), query)
    urls = sorted(b.url for b in response.context["header_buttons"])
    assert [u for u in urls if not u.startswith("/admin/")] == buttons


@pytest.mark.urls(__name__)
def test_member_export_waits_for_a_choice_between_top_units(client, tree):
    client.force_login(staff(Role.OFFICER, tree.unit, tree.uncle))
    response = client.get(reverse("org_members:index"))
    urls = sorted(b.url for b in response.context["header_buttons"])
    assert urls == sorted([reverse("org_members:add"), "/import/"])
    response = client.get(reverse("org_members:index"), {"unit": "BSR"})
    assert "/export/?unit=BSR" in [b.url for b in response.context["header_buttons"]]


def test_member_import_export_buttons_hidden_without_their_urls(client, tree, monkeypatch):
    assert member_views.optional_url("lantoa_no_such_url") is None
    monkeypatch.setattr(member_views, "optional_url", lambda name, **params: None)
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("org_members:index"))
    assert [b.url for b in response.context["header_buttons"]] == [reverse("org_members:add")]


# --- roles -----------------------------------------------------------------------------


def test_grant_and_revoke_a_role_through_the_admin(client, tree):
    admin = staff(Role.ADMINISTRATOR, tree.unit)
    newcomer = UserFactory(username="can-bo-moi", email="moi@example.vn")
    client.force_login(admin)

    response = client.post(
        reverse("org_roles:add"), {"account": "MOI@example.vn", "unit": "KVT-KC", "role": "officer"}
    )

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.unit, assignment.role) == (tree.child, Role.OFFICER)
    assert newcomer.groups.filter(name=services.STAFF_GROUP_NAME).exists()
    listing = client.get(reverse("org_roles:index"))
    assert [(a.user.username, a.unit.code) for a in listing.context["object_list"]] == [
        (admin.username, "KVT"),
        ("can-bo-moi", "KVT-KC"),
    ]

    response = client.post(reverse("org_roles:delete", args=[assignment.pk]))

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert not newcomer.groups.filter(name=services.STAFF_GROUP_NAME).exists()
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "org.role_assign",
        "org.role_revoke",
    ]


def test_role_cannot_be_granted_or_revoked_outside_scope(client, tree):
    other = RoleAssignmentFactory(unit=tree.sibling, role=Role.OFFICER)
    UserFactory(username="ai-do")
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    response = client.post(
        reverse("org_roles:add"), {"account": "ai-do", "unit": "KCM", "role": "officer"}
    )
    assert response.context["form"].errors == {
        "unit": ["Không có đơn vị mã «KCM» trong phạm vi của bạn."]
    }
    assert client.post(reverse("org_roles:delete", args=[other.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()
    assert not AuditLogEntry.objects.exists()


def test_role_form_names_an_unknown_account(client, tree):
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    response = client.post(
        reverse("org_roles:add"), {"account": "khong-co", "unit": "KVT", "role": "officer"}
    )
    assert response.context["form"].errors == {
        "account": ["Không tìm thấy đúng một tài khoản có tên đăng nhập hoặc e-mail «khong-co»."]
    }
    assert RoleAssignment.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 10])
def test_role_index_query_count_does_not_grow_with_rows(
    client, tree, django_assert_num_queries, rows
):
    for _ in range(rows):
        RoleAssignmentFactory(unit=tree.grandchild)
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    with django_assert_num_queries(15):
        response = client.get(reverse("org_roles:index"))
    assert len(response.context["object_list"]) == rows + 1


# --- the audit log's scope ----------------------------------------------------------------


@pytest.fixture
def logged_changes(tree, superuser):
    for unit in (tree.unit, tree.grandchild, tree.sibling, tree.parent):
        services.member_create(
            actor=superuser, unit=unit, full_name=f"Người {unit.code}", employee_code=unit.code
        )
    audit_record(actor=superuser, action="devstack.demo_load", unit_path="")


def test_audit_log_shows_the_subtree_to_its_administrator(client, tree, logged_changes):
    client.force_login(staff(Role.ADMINISTRATOR, tree.unit))
    response = client.get(reverse("audit_log:index"))
    assert response.status_code == 200
    assert [e.target_repr for e in response.context["object_list"]] == [
        "Người KVT-KC-1",
        "Người KVT",
    ]
    outside = AuditLogEntry.objects.get(target_repr="Người KCM")
    assert client.get(reverse("audit_log:inspect", args=[outside.pk])).status_code == 404
    inside = AuditLogEntry.objects.get(target_repr="Người KVT")
    assert client.get(reverse("audit_log:inspect", args=[inside.pk])).status_code == 200


def test_audit_log_is_closed_to_officers(client, tree, logged_changes):
    client.force_login(staff(Role.OFFICER, tree.unit))
    response = client.get(reverse("audit_log:index"))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_audit_log_filters_within_scope(client, tree, logged_changes, superuser):
    admin = staff(Role.ADMINISTRATOR, tree.parent)
    services.member_update(
        actor=admin, member=Member.objects.get(employee_code="KVT"), full_name="Người đổi tên"
    )
    client.force_login(admin)
    url = reverse("audit_log:index")
    by_action = client.get(url, {"action": "org.member_update"}).context["object_list"]
    assert [e.action for e in by_action] == ["org.member_update"]
    by_actor = client.get(url, {"actor": "ROOT"}).context["object_list"]
    assert len(by_actor) == 4  # the superuser's four changes in PV GAS, not the unit-less one
    today = timezone.localdate().isoformat()
    assert len(client.get(url, {"created_at_from": today}).context["object_list"]) == 5
    assert len(client.get(url, {"created_at_to": "2000-01-01"}).context["object_list"]) == 0


# --- the menu ---------------------------------------------------------------------------


def _org_menu(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "org":
            return [child.name for child in item.menu.menu_items_for_request(request)]
    return None


@pytest.mark.parametrize(
    ("role", "items"),
    [
        (Role.OFFICER, ["org-units", "org-members"]),
        (Role.APPROVER, ["org-units", "org-members"]),
        (Role.ADMINISTRATOR, ["org-units", "org-members", "org-roles", "audit-log"]),
        (None, None),
    ],
)
def test_org_menu_shows_what_the_role_opens(tree, role, items):
    user = staff(role, tree.unit) if role else UserFactory()
    assert _org_menu(user) == items


def test_org_menu_labels_are_vietnamese(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    group = next(i for i in admin_menu.menu_items_for_request(request) if i.name == "org")
    assert str(group.label) == "Tổ chức"
    assert [str(i.label) for i in group.menu.menu_items_for_request(request)] == [
        "Đơn vị",
        "Đoàn viên",
        "Phân quyền",
        "Nhật ký",
    ]
    assert AuditLogViewSet.menu_label == "Nhật ký"
