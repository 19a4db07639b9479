"""Registration only: listening's permission policies and admin screens
(classes live in `listening.viewsets` and `listening.admin_views`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.listening.models import Alert, Opinion
from lantoa.listening.viewsets import (
    ListeningMenuGroup,
    alert_permission_policy,
    opinion_permission_policy,
)

# Policies first: Wagtail creates a fallback (Django model permissions) for a
# model the first time one is asked for, and refuses a registration after it.
register_permission_policy(Opinion, opinion_permission_policy)
register_permission_policy(Alert, alert_permission_policy)


@hooks.register("register_admin_viewset")
def register_listening_admin() -> ListeningMenuGroup:
    return ListeningMenuGroup()
