"""Wagtail admin for the organisation: the unit tree, members and roles
(docs/subsystems/org-scoping.md).

Every listing and object comes from the policies in `org.permissions` (so from
`scoping`), and every write goes through `org.services`, which re-check the
scope and write the audit log.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.core.viewsets import AuditLogViewSet
from lantoa.org.viewsets.common import MEMBERS, ROLES, UNITS, optional_url
from lantoa.org.viewsets.members import MemberViewSet
from lantoa.org.viewsets.roles import RoleAssignmentViewSet
from lantoa.org.viewsets.units import OrgUnitViewSet

__all__ = [
    "MEMBERS",
    "ROLES",
    "UNITS",
    "MemberViewSet",
    "OrgMenuGroup",
    "OrgUnitViewSet",
    "RoleAssignmentViewSet",
    "optional_url",
]


class OrgMenuGroup(ViewSetGroup):
    """ "Tổ chức" in the admin menu; Wagtail shows it to a user when at least
    one of its screens is open to them (each asks its policy)."""

    menu_label = _("Tổ chức")
    menu_name = "org"
    menu_icon = "group"
    menu_order = 150
    items = (OrgUnitViewSet, MemberViewSet, RoleAssignmentViewSet, AuditLogViewSet)
