"""Registration only: the engagement permission policies and admin screens
(classes live in `engagement.viewsets` and `engagement.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.engagement.viewsets import POLICIES, EngagementMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_engagement_admin() -> EngagementMenuGroup:
    return EngagementMenuGroup()
