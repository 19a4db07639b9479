"""The organisation's screens and operations in the generated permission
matrix (lantoa/tests/security/)."""

from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Perm, Role
from lantoa.org.models import MemberImport
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory
from lantoa.tests.security.matrix import DENIED, OK, Screen


def unit_itself(unit, ctx):
    return unit


def member_at(unit, ctx):
    return MemberFactory(unit=unit)


def role_at(unit, ctx):
    return RoleAssignmentFactory(unit=unit, user=UserFactory(), role=Role.OFFICER)


def audit_at(unit, ctx):
    return AuditLogEntry.objects.create(
        action="org.member_update", target_repr="Nguyễn Văn An", unit_path=unit.path
    )


def own_import_at(unit, ctx):
    # An import belongs to whoever uploaded it (and superusers).
    return MemberImport.objects.create(file_name="ds.xlsx", unit=unit, uploaded_by=ctx.user)


def uploader_only(role, position):
    # Only the uploader sees an import, wherever its default unit lies.
    if role in ("officer", "administrator"):
        return OK
    if role == "approver":
        return DENIED
    return None


def public_id(obj):
    return [obj.public_id]


UNIT = {"view_perm": Perm.UNIT_VIEW}
MEMBER = {"view_perm": Perm.MEMBER_VIEW}

SCREENS = [
    Screen("org_units:inspect", "view", unit_itself, perm=Perm.UNIT_VIEW, **UNIT),
    Screen("org_units:explore", "view", unit_itself, perm=Perm.UNIT_VIEW, **UNIT),
    Screen("org_units:explore_results", "view", unit_itself, perm=Perm.UNIT_VIEW, **UNIT),
    Screen("org_units:edit", "view", unit_itself, perm=Perm.UNIT_CHANGE, **UNIT),
    Screen(
        "org_units:edit",
        "edit",
        unit_itself,
        "POST",
        perm=Perm.UNIT_CHANGE,
        **UNIT,
        label="org_units:edit[edit]",
    ),
    Screen("org_units:move", "edit", unit_itself, "POST", perm=Perm.UNIT_CHANGE, **UNIT),
    Screen("org_units:add_child", "edit", unit_itself, "POST", perm=Perm.UNIT_CHANGE, **UNIT),
    Screen("org_members:inspect", "view", member_at, perm=Perm.MEMBER_VIEW, **MEMBER),
    Screen("org_members:edit", "view", member_at, perm=Perm.MEMBER_CHANGE, **MEMBER),
    Screen(
        "org_members:edit",
        "edit",
        member_at,
        "POST",
        perm=Perm.MEMBER_CHANGE,
        **MEMBER,
        label="org_members:edit[edit]",
    ),
    Screen("org_members:delete", "delete", member_at, "POST", perm=Perm.MEMBER_CHANGE, **MEMBER),
    Screen(
        "org_roles:delete",
        "delete",
        role_at,
        "POST",
        view_perm=Perm.ROLE_VIEW,
        perm=Perm.ROLE_CHANGE,
    ),
    Screen("audit_log:inspect", "view", audit_at, view_perm=Perm.AUDIT_VIEW, perm=Perm.AUDIT_VIEW),
    Screen(
        "org_member_import_detail",
        "view",
        own_import_at,
        view_perm=Perm.MEMBER_CHANGE,
        perm=Perm.MEMBER_CHANGE,
        expect=uploader_only,
    ),
    Screen(
        "org_member_import_detail",
        "state",
        own_import_at,
        "POST",
        view_perm=Perm.MEMBER_CHANGE,
        perm=Perm.MEMBER_CHANGE,
        expect=uploader_only,
        label="org_member_import_detail[state]",
    ),
    Screen(
        "org_member_import_status",
        "view",
        own_import_at,
        view_perm=Perm.MEMBER_CHANGE,
        perm=Perm.MEMBER_CHANGE,
        expect=uploader_only,
    ),
    Screen(
        "org_member_export",
        "export",
        unit_itself,
        args=lambda unit: [],
        query=lambda unit: f"unit={unit.code}",
        perm=Perm.MEMBER_VIEW,
        **MEMBER,
        refusal_redirect="org_member_import_start",
    ),
    # The API.
    Screen("api-v1:unit_detail", "view", unit_itself, args=public_id, perm=Perm.UNIT_VIEW, **UNIT),
    Screen("api-v1:unit_subtree", "view", unit_itself, args=public_id, perm=Perm.UNIT_VIEW, **UNIT),
    Screen(
        "api-v1:member_detail", "view", member_at, args=public_id, perm=Perm.MEMBER_VIEW, **MEMBER
    ),
]
