"""Registration only: the organisation's permission policies and admin screens
(classes live in `org.permissions` and `org.viewsets`)."""

from django.urls import URLPattern
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.core.models import AuditLogEntry
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.permissions import (
    audit_permission_policy,
    member_permission_policy,
    role_permission_policy,
    unit_permission_policy,
)
from lantoa.org.viewsets import OrgMenuGroup

# Policies first: Wagtail creates a fallback (Django model permissions) for a
# model the first time one is asked for, and refuses a registration after it.
# The audit log's scope is a question about units, so `org` answers it.
register_permission_policy(OrgUnit, unit_permission_policy)
register_permission_policy(Member, member_permission_policy)
register_permission_policy(RoleAssignment, role_permission_policy)
register_permission_policy(AuditLogEntry, audit_permission_policy)


# Wagtail's hooks.register is untyped; the hooks below are typed.
@hooks.register("register_admin_viewset")  # type: ignore[untyped-decorator]
def register_org_admin() -> OrgMenuGroup:
    return OrgMenuGroup()


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_member_import_urls() -> list[URLPattern]:
    from lantoa.org.importing.admin_views import urlpatterns

    return urlpatterns
