"""Pieces shared by the incidents admin screens: URL names, the access check,
the scoped lookup and the one-click action view (the shared pieces are
`core.admin_views`)."""

from typing import Any

from django.http import HttpRequest
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.admin_views import PER_PAGE, admin_url, home_crumb, paginate, safe_next
from lantoa.core.admin_views import ActionView as BaseActionView
from lantoa.core.permissions import object_in_scope
from lantoa.org.admin_blocks import PermAccessMixin

INCIDENTS = "incidents_incidents"
REPORTS = "incidents_reports"
FACTS = "incidents_facts"
PLAYBOOKS = "incidents_playbooks"
TIPLINES = "incidents_tiplines"
INDICATORS = "incidents_indicators"

__all__ = [
    "FACTS",
    "INCIDENTS",
    "INDICATORS",
    "PER_PAGE",
    "PLAYBOOKS",
    "REPORTS",
    "TIPLINES",
    "AccessMixin",
    "ActionView",
    "admin_url",
    "home_crumb",
    "paginate",
    "safe_next",
    "scoped",
]


class AccessMixin(PermAccessMixin):
    """Open to whoever may manage some unit's content; refused (403) otherwise."""


def scoped(policy: BasePermissionPolicy, request: HttpRequest, pk: Any, **kwargs: Any) -> Any:
    """The object `pk` inside the user's view scope, or 404."""
    return object_in_scope(policy, request.user, "view", pk=pk, **kwargs)


class ActionView(AccessMixin, BaseActionView):
    """A one-click incidents action, open to content managers."""
