"""Pieces shared by the campaigns admin screens: URL names, the access check
and the one-click action view (the shared pieces are `core.admin_views`)."""

from lantoa.core.admin_views import PER_PAGE, admin_url, home_crumb, paginate, safe_next
from lantoa.core.admin_views import ActionView as BaseActionView
from lantoa.org.admin_blocks import PermAccessMixin

CAMPAIGNS = "campaigns_campaigns"
PLANS = "campaigns_plans"
CALENDAR = "campaigns_calendar"
DIRECTIVES = "campaigns_directives"
TASKS = "campaigns_tasks"

__all__ = [
    "CALENDAR",
    "CAMPAIGNS",
    "DIRECTIVES",
    "PER_PAGE",
    "PLANS",
    "TASKS",
    "ActionView",
    "ContentAccessMixin",
    "admin_url",
    "home_crumb",
    "paginate",
    "safe_next",
]


class ContentAccessMixin(PermAccessMixin):
    """Open to whoever may manage some unit's content; refused (403) otherwise."""


class ActionView(ContentAccessMixin, BaseActionView):
    """A one-click campaigns action, open to content managers."""
