"""Pieces every app's own back-office screens share: admin URLs with a query,
the home breadcrumb, page-number pagination, a safe "next" address, the base
view of a page of its own (`AdminPageView`), the base view for one-click
actions (POST, one service, a message, a redirect) and, on it, the one for
the steps an object's screen offers (`StateActionView`: submit, approve,
return, cancel...).

Who may open a screen is the app's business: combine `ActionView` with an
access mixin (`org.admin_blocks.PermAccessMixin`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied

PER_PAGE = 50


def admin_url(name: str, *args: Any, **params: Any) -> str:
    """`reverse(name, args)` with the non-empty `params` as its query string."""
    url = reverse(name, args=args)
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def home_crumb() -> dict[str, Any]:
    return {"url": reverse("wagtailadmin_home"), "label": _("Trang chủ")}


def paginate(request: HttpRequest, queryset: Any, per_page: int = PER_PAGE) -> Page[Any]:
    return Paginator(queryset, per_page).get_page(request.GET.get("p"))


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address the request names, if it stays on this host."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return fallback


class AdminPageView(WagtailAdminTemplateMixin, TemplateView):
    """A back-office page of an app's own (not a model's generic screen):
    Wagtail's header with `page_title` and `header_icon`, and the breadcrumb
    home → its title (a page deeper in a section overrides it)."""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": self.page_title}]


class ActionView(View):
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

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        self.kwargs = {"pk": pk, **kwargs}
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


@dataclass(frozen=True)
class StateAction:
    """One step an object's screen offers: the service (called with `actor=`,
    the object under the view's `target` keyword, and `note=` when the step
    takes the approver's note), the right it needs, the message once done."""

    service: Callable[..., Any]
    perm: str
    done: str
    note: bool = False


class StateActionView(ActionView):
    """POST action=<name> of `actions` (note=… for the steps that take one)
    on one object, back to its screen `detail_url_name`. `load()` stays the
    app's: it finds the object for `step_perm` (the chosen step's right;
    `default_perm` for a name that is no step). A name that is no step goes
    to `other_action()` (refused unless the app offers more); a refusal,
    a ValidationError included, becomes a message."""

    actions: Mapping[str, StateAction] = {}
    target = ""
    default_perm = ""
    detail_url_name = ""
    invalid_text = "Thao tác không hợp lệ."

    @property
    def action_name(self) -> str:
        return str(self.request.POST.get("action", ""))

    @property
    def step_perm(self) -> str:
        step = self.actions.get(self.action_name)
        return step.perm if step is not None else self.default_perm

    def fallback_url(self, obj: Any) -> str:
        return admin_url(self.detail_url_name, obj.pk)

    def perform(self, obj: Any) -> str:
        step = self.actions.get(self.action_name)
        try:
            if step is None:
                text = self.other_action(obj, self.action_name)
            else:
                params = {"actor": self.request.user, self.target: obj}
                if step.note:
                    params["note"] = self.request.POST.get("note", "")
                step.service(**params)
                text = step.done
        except ValidationError as exc:
            raise LantoaError(" ".join(exc.messages)) from exc
        if not text:
            raise LantoaError(self.invalid_text)
        return text

    def other_action(self, obj: Any, name: str) -> str:
        """The message of a further action the screen offers; '' when `name` is none."""
        return ""

    def success_message(self, result: Any) -> str:
        return str(result)


@dataclass(frozen=True)
class Decision:
    """One decision a review screen offers: the service (called with `actor=`,
    the object under the view's `target` keyword, and `note=` when the
    decision takes the reviewer's note) and the message once done."""

    service: Callable[..., Any]
    done: str
    note: bool = True


class DecisionPostMixin:
    """POST decision=<name> of `decisions` (note=…) on the screen's object
    (the view's attribute `target`, loaded in dispatch), back to the screen
    `screen_url_name`; a refusal, a ValidationError included, becomes a message."""

    decisions: Mapping[str, Decision] = {}
    target = ""
    screen_url_name = ""
    invalid_text = "Thao tác không hợp lệ."

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = getattr(self, self.target)
        decision = self.decisions.get(request.POST.get("decision", ""))
        try:
            if decision is None:
                django_messages.error(request, self.invalid_text)
            else:
                params = {"actor": request.user, self.target: obj}
                if decision.note:
                    params["note"] = request.POST.get("note", "")
                decision.service(**params)
                django_messages.success(request, decision.done)
        except ValidationError as exc:
            django_messages.error(request, " ".join(exc.messages))
        except LantoaError as exc:
            django_messages.error(request, exc.message)
        return redirect(self.screen_url_name, obj.pk)
