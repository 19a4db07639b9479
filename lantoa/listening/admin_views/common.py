"""Pieces shared by the listening admin screens: URL names, the permission
policies, the access check and the base view for one-click actions.

Rights come from `org.permissions.ScopedPermissionPolicy` over
`Perm.CONTENT_EDIT`: an officer reads and triages the voice of their unit's
subtree, and nothing else exists for them (404).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.admin_views import home_crumb as home_crumb  # re-exported for the screens
from lantoa.core.admin_views import safe_next as safe_next
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import ScopedObjectMixin
from lantoa.listening.models import Alert, Opinion
from lantoa.org.admin_blocks import PermAccessMixin, ScopedPermissionPolicy
from lantoa.org.choices import Perm

OPINIONS = "listening_opinions"
DASHBOARD = "listening_dashboard"
ALERTS = "listening_alerts"
IMPORT = "listening_import"
MODELS = "listening_models"
PERM = Perm.CONTENT_EDIT

opinion_permission_policy = ScopedPermissionPolicy(
    Opinion, view_perm=PERM, change_perm=PERM, path_field="unit__path"
)
# An escalated alert belongs to a unit inside its parent's subtree, so the
# parent's officers reach it through the same subtree rule.
alert_permission_policy = ScopedPermissionPolicy(
    Alert, view_perm=PERM, change_perm=PERM, path_field="unit__path"
)


class ListeningAccessMixin(PermAccessMixin):
    """Open to whoever may triage some unit's voice; refused (403) otherwise."""

    access_perm = PERM


class ObjectPostView(ScopedObjectMixin, WagtailAdminTemplateMixin, View):
    """A one-click action on one object: POST only, the object loaded inside the
    user's scope (404 outside it), a service called, a message, a redirect back.

    Subclasses set `model`, `success_text`, `fallback_url_name` and implement
    `perform()`, which may raise a domain error (shown as a message)."""

    http_method_names = ["post"]
    object_action = "change"
    success_text: Any = ""
    fallback_url_name = ""

    permission_policy: ScopedPermissionPolicy

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def fallback_url(self) -> str:
        return reverse(self.fallback_url_name, args=[self.object.pk])

    def perform(self) -> Any:
        raise NotImplementedError

    def success_message(self, result: Any) -> str:
        return str(self.success_text)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            result = self.perform()
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.success_message(result))
        return redirect(safe_next(request, self.fallback_url()))


def extra_actions(hook_name: str, request: Any, obj: Any) -> list[tuple[str, str]]:
    """(label, url) links that higher apps add to an object's screen through
    the Wagtail hook `hook_name` (listening_opinion_actions,
    listening_alert_actions): each hook returns one, or None to add nothing."""
    found = (fn(request, obj) for fn in hooks.get_hooks(hook_name))
    return [(str(label), url) for label, url in (a for a in found if a)]
