"""Pieces shared by the campaigns admin screens: URL names, access checks,
and the base view for one-click actions (POST, service, message, redirect)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages

from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_has_any

CAMPAIGNS = "campaigns_campaigns"
PLANS = "campaigns_plans"
CALENDAR = "campaigns_calendar"
DIRECTIVES = "campaigns_directives"
TASKS = "campaigns_tasks"
PER_PAGE = 50


def admin_url(name: str, *args: Any, **params: Any) -> str:
    url = reverse(name, args=args)
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def home_crumb() -> dict[str, Any]:
    return {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")}


def paginate(request: HttpRequest, queryset: Any, per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("p"))


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return fallback


class ContentAccessMixin:
    """Open to whoever may manage some unit's content; refused (403) otherwise."""

    access_perm = Perm.CONTENT_EDIT

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_has_any(request.user, self.access_perm):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class ActionView(ContentAccessMixin, View):
    """A one-click action: POST only; `load()` finds the object inside the
    user's scope (404 outside it), `perform()` calls one service; a domain
    refusal becomes a message, a domain PermissionDenied a 403."""

    http_method_names = ["post"]
    success_text: Any = ""

    def load(self, pk: int) -> Any:
        raise NotImplementedError

    def perform(self, obj: Any) -> Any:
        raise NotImplementedError

    def fallback_url(self, obj: Any) -> str:
        raise NotImplementedError

    def success_url(self, obj: Any, result: Any) -> str:
        return safe_next(self.request, self.fallback_url(obj))

    def success_message(self, result: Any) -> str:
        return str(self.success_text)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.load(pk)
        try:
            result = self.perform(obj)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return redirect(safe_next(request, self.fallback_url(obj)))
        messages.success(request, self.success_message(result))
        return redirect(self.success_url(obj, result))
