"""Pieces shared by the listening admin screens: URL names, the permission
policies, the access check and the base view for one-click actions.

Rights come from `org.permissions.ScopedPermissionPolicy` over
`Perm.CONTENT_EDIT`: an officer reads and triages the voice of their unit's
subtree, and nothing else exists for them (404).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import ScopedObjectMixin
from lantoa.listening.models import Alert, Opinion
from lantoa.org.choices import Perm
from lantoa.org.permissions import ScopedPermissionPolicy
from lantoa.org.scoping import user_has_any

OPINIONS = "listening_opinions"
DASHBOARD = "listening_dashboard"
ALERTS = "listening_alerts"
IMPORT = "listening_import"
PERM = Perm.CONTENT_EDIT

opinion_permission_policy = ScopedPermissionPolicy(
    Opinion, view_perm=PERM, change_perm=PERM, path_field="unit__path"
)
# An escalated alert belongs to a unit inside its parent's subtree, so the
# parent's officers reach it through the same subtree rule.
alert_permission_policy = ScopedPermissionPolicy(
    Alert, view_perm=PERM, change_perm=PERM, path_field="unit__path"
)


def home_crumb() -> dict[str, Any]:
    return {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")}


class ListeningAccessMixin:
    """Open to whoever may triage some unit's voice; refused (403) otherwise."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_has_any(request.user, PERM):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return fallback


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
