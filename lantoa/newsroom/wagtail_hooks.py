"""Admin registration only (STYLE.md §8): the classes live in viewsets.py."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lantoa.newsroom.models import Feedback, WebsiteLink
from lantoa.newsroom.permissions import UnitScopedPermissionPolicy
from lantoa.newsroom.viewsets import NewsroomViewSetGroup

register_permission_policy(WebsiteLink, UnitScopedPermissionPolicy(WebsiteLink))
register_permission_policy(Feedback, UnitScopedPermissionPolicy(Feedback))
register_snippet(NewsroomViewSetGroup)
