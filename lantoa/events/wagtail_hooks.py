"""Registration only: the events' permission policies and admin screens
(classes live in `events.viewsets` and `events.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.events.viewsets import POLICIES, EventsMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_events_admin() -> EventsMenuGroup:
    return EventsMenuGroup()
