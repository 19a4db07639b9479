"""Pieces shared by the channels admin screens: URL names, the permission
policies, table columns, filters and the base views for confirm-then-act.

Rights come from `org.permissions.ScopedPermissionPolicy` over
`Perm.CONTENT_EDIT`: an officer manages the channels, posts and deliveries of
their unit's subtree, and nothing else exists for them (404). A delivery
belongs to the unit of the channel it goes out on.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lantoa.channels import selectors_admin
from lantoa.channels.choices import AccountState, DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.core.dates import format_datetime_line
from lantoa.core.viewsets import ConfirmedActionView, ScopedIndexView, ScopedObjectMixin
from lantoa.org.admin_blocks import UnitSubtreeFilter, content_policy, fit_unit_widget

ACCOUNTS = "channels_accounts"
POSTS = "channels_posts"
DELIVERIES = "channels_deliveries"

# Never in an error report's POST dump (Django's sensitive_post_parameters).
SECRET_FIELDS = ("token", "refresh_token", "app_secret", "oa_secret_key")
hide_secrets = method_decorator(sensitive_post_parameters(*SECRET_FIELDS), name="dispatch")


def admin_url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def local_time(value: Any) -> str:
    return format_datetime_line(value) if value else "—"


def short(text: str, length: int = 80) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def delivery_name(delivery: Delivery) -> str:
    """ "«Tháng Công nhân…» → Telegram Channel: Lantoa demo" (the model's own
    string carries the raw status, for logs)."""
    return f"«{Truncator(delivery.post.text).chars(40)}» → {delivery.account}"


account_permission_policy = content_policy(ChannelAccount)
post_permission_policy = content_policy(Post)
delivery_permission_policy = content_policy(Delivery, "account__unit__path")


# Badge colours (Wagtail's palette) per state.
STATE_TONES: dict[str, str] = {
    AccountState.ACTIVE: "positive",
    AccountState.PAUSED: "warning",
    AccountState.BROKEN: "critical",
}
STATUS_TONES: dict[str, str] = {
    DeliveryStatus.SENT: "positive",
    DeliveryStatus.FAILED: "critical",
    DeliveryStatus.UNCERTAIN: "warning",
    DeliveryStatus.RETRYING: "warning",
    DeliveryStatus.SCHEDULED: "info",
    DeliveryStatus.QUEUED: "info",
    DeliveryStatus.SENDING: "info",
}


class BadgeColumn(Column):
    cell_template_name = "social_channels/admin/tables/badge_cell.html"

    def __init__(self, name: str, *, tones: dict[str, str], **kwargs: Any) -> None:
        super().__init__(name, accessor=f"get_{name}_display", **kwargs)
        self.tones = tones

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["state_value"] = state = getattr(instance, self.name)
        context["tone"] = self.tones.get(state, "")
        return context


class ActionsColumn(Column):
    """One-click buttons that POST (with the CSRF token) to an action view."""

    cell_template_name = "social_channels/admin/tables/actions_cell.html"

    def __init__(self, name: str, *, get_actions: Any, **kwargs: Any) -> None:
        super().__init__(name, accessor=lambda _instance: "", **kwargs)
        self.get_actions = get_actions

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["actions"] = self.get_actions(instance)
        context["csrf_token_value"] = get_token(request) if request else ""
        index = reverse(f"{DELIVERIES}:index")
        query = request.GET.urlencode() if request else ""
        context["next"] = f"{index}?{query}" if query else index
        return context


class SubtreeFilter(UnitSubtreeFilter):
    """Rows of a unit's subtree, for models that reach their unit through a relation."""

    def __init__(self, *args: Any, path_lookup: str = "unit__path", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.path_lookup = path_lookup

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path}) if value else qs


def _user(request: Any) -> Any:
    return request.user if request is not None else AnonymousUser()


def _units(request: Any) -> QuerySet[Any]:
    return selectors_admin.channel_units_for(_user(request))


def _accounts(request: Any) -> QuerySet[ChannelAccount]:
    return selectors_admin.accounts_for(_user(request)).select_related("unit")


class ScopedFilterSet(WagtailFilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.form.fields:
            fit_unit_widget(self.form.fields["unit"])


class FilteredIndexView(ScopedIndexView):
    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # A unit or channel outside the scope (or any bad filter) lists nothing,
        # never silently everything.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class FormErrorsMixin:
    """Non-field errors (a service's refusal) as Wagtail's error message too,
    since the generic form template only lists the fields."""

    def form_invalid(self, form: BaseForm) -> HttpResponse:
        messages.validation_error(
            self.request,  # type: ignore[attr-defined]
            _("Chưa lưu được: vui lòng sửa các lỗi bên dưới."),
            form,
        )
        return super().form_invalid(form)  # type: ignore[misc,no-any-return]


class ObjectFormView(
    FormErrorsMixin, ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """A form about one object of the user's scope (404 outside it), posted
    back to its own page: the subtitle names the object, `submit_label` and
    `submit_active_label` label its button."""

    permission_required = "change"
    submit_label: Any = _("Lưu")
    submit_active_label: Any = _("Đang lưu…")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=self.request.path,
            submit_button_label=self.submit_label,
            submit_button_active_label=self.submit_active_label,
        )
        return context


class ObjectActionView(ConfirmedActionView):
    """GET asks for confirmation, POST does it (list buttons POST directly).

    Subclasses set `model`, `page_title`, `confirm_text`, `submit_label` and
    implement `perform()`; a refusal by the service is shown as a message."""

    submit_label: Any = _("Xác nhận")
    inspect_url_name = ""

    def describe(self) -> str:
        return str(self.object)

    def get_page_subtitle(self) -> str:
        return self.describe()

    def object_url(self) -> str:
        return admin_url(self.inspect_url_name, self.object.pk)

    def fallback_url(self) -> str:
        return self.object_url()

    def cancel_url(self) -> str:
        return self.object_url()

    def success_message(self) -> str:
        return str(self.success_text % {"object": self.describe()})
