"""Admin building blocks for scoped models, and the audit log screen.

Wagtail's generic views check a model-wide permission ("may this user change
some member?") and then load any object by its key. Ours also ask the model's
registered permission policy about the object itself, so that:

- a user with no right of the kind at all is refused (PermissionDenied,
  which Wagtail's admin answers with a redirect and a message);
- an object outside the user's view scope does not exist for them (404);
- an object they may see but not change is refused.

`core` knows nothing of units: the policy registered for a model (by `org`,
for the audit log too) decides. Without one, Wagtail's fallback (Django model
permissions) applies, which shows the log to superusers only.
"""

from functools import cached_property
from typing import Any

from django.contrib.admin.utils import quote, unquote
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lantoa.core.dates import format_datetime_line
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.core.phones import InvalidPhone

# --- scoped views -----------------------------------------------------------------


class ScopedObjectMixin:
    """Load the view's object inside the user's scope (see module docstring).

    `object_action` is what the view does to the object: "change" for edit
    and delete views, "view" for inspect views.
    """

    object_action = "change"
    object_select_related: tuple[str, ...] = ()

    def scoped_queryset(self, action: str = "view") -> QuerySet[Any]:
        policy = self.permission_policy  # type: ignore[attr-defined]
        qs = policy.instances_user_has_permission_for(self.request.user, action)  # type: ignore[attr-defined]
        return qs.select_related(*self.object_select_related)

    def get_scoped_object(self, pk: Any) -> Any:
        # The same order everywhere, whichever of setup() or dispatch() asks
        # first: no right of this kind at all → refused; out of view scope →
        # 404; visible but not open to this action → refused.
        if not self.permission_policy.user_has_permission(  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            self.object_action,
        ):
            raise PermissionDenied
        obj = get_object_or_404(self.scoped_queryset("view"), pk=unquote(str(pk)))
        if not self.permission_policy.user_has_permission_for_instance(  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            self.object_action,
            obj,
        ):
            raise PermissionDenied
        return obj

    def get_object(self, queryset: Any = None) -> Any:
        # Edit and delete views cache their object; load it once.
        if getattr(self, "object", None) is not None:
            return self.object  # type: ignore[attr-defined]
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))  # type: ignore[attr-defined]
        if pk is None:
            raise Http404
        return self.get_scoped_object(pk)


class InstanceLinksMixin:
    """Listing links per row, by the user's rights over that row's object
    (Wagtail's defaults only ask whether the user may change *some* object)."""

    def _instance_url(self, url_name: str | None, action: str, instance: Any) -> str | None:
        if url_name and self.permission_policy.user_has_permission_for_instance(  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            action,
            instance,
        ):
            return reverse(url_name, args=(quote(instance.pk),))
        return None

    def get_edit_url(self, instance: Any) -> str | None:
        return self._instance_url(self.edit_url_name, "change", instance)  # type: ignore[attr-defined]

    def get_delete_url(self, instance: Any) -> str | None:
        return self._instance_url(self.delete_url_name, "delete", instance)  # type: ignore[attr-defined]

    def get_inspect_url(self, instance: Any) -> str | None:
        return self._instance_url(self.inspect_url_name, "view", instance)  # type: ignore[attr-defined]


class ScopedIndexView(InstanceLinksMixin, generic.IndexView):
    """A listing of exactly what the policy lets the user see."""

    object_select_related: tuple[str, ...] = ()

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "view"
        ).select_related(*self.object_select_related)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # An invalid filter (say, a unit outside the scope) lists nothing;
        # Wagtail's default would silently list everything.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    object_action = "view"

    def get_object(self, queryset: Any = None) -> Any:
        return self.get_scoped_object(self.pk)

    def get_edit_url(self) -> str | None:
        if self.edit_url_name and self.user_has_permission_for_instance("change", self.object):
            return reverse(self.edit_url_name, args=(quote(self.object.pk),))
        return None

    def get_delete_url(self) -> str | None:
        if self.delete_url_name and self.user_has_permission_for_instance("delete", self.object):
            return reverse(self.delete_url_name, args=(quote(self.object.pk),))
        return None


def add_service_error(form: BaseForm, exc: Exception) -> None:
    """Show what a service refused on the form that asked for it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    elif isinstance(exc, LantoaError):
        form.add_error(None, exc.message)
    else:
        form.add_error(None, str(exc))


SERVICE_ERRORS = (ValidationError, LantoaError, InvalidPhone)


class ServiceFormMixin:
    """For create/edit views whose `save_instance` calls a service: a refusal
    becomes form errors (the service's transaction has rolled back), and a
    domain PermissionDenied becomes the admin's own."""

    error_message = _("Chưa lưu được: vui lòng sửa các lỗi bên dưới.")

    def form_valid(self, form: BaseForm) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except SERVICE_ERRORS as exc:
            add_service_error(form, exc)
            self.produced_error_message = self.error_message
            return self.form_invalid(form)  # type: ignore[attr-defined]


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose rights come only from the registered policy.

    Wagtail's history and usage screens read Wagtail's own log, which our
    services do not write (they write `core.audit`), and they show the
    object's name without a scope check, so they are left out; so is copy.
    """

    copy_view_enabled = False
    add_to_reference_index = False
    dropped_views: frozenset[str] = frozenset({"history", "history_results", "usage"})

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.dropped_views:
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [p for p in super().get_urlpatterns() if p.name not in self.dropped_views]

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        # Django model permissions grant nothing here; offering them on the
        # group screen would only mislead.
        return Permission.objects.none()


# --- audit log --------------------------------------------------------------------


class AuditLogFilterSet(WagtailFilterSet):
    action = CharFilter(
        label=_("Hành động"),
        lookup_expr="startswith",
        help_text=_("Ví dụ: org.member_update, hoặc org. cho mọi thay đổi tổ chức."),
    )
    actor = CharFilter(
        label=_("Người thực hiện"),
        field_name="actor__username",
        lookup_expr="iexact",
        help_text=_("Tên đăng nhập."),
    )
    created_at = DateFromToRangeFilter(label=_("Thời gian"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditLogEntry
        fields: list[str] = []


def _actor_name(entry: AuditLogEntry) -> str:
    if entry.actor is None:
        return str(_("Hệ thống"))
    return entry.actor.get_full_name().strip() or entry.actor.get_username()


class AuditLogIndexView(ScopedIndexView):
    any_permission_required = ["view"]
    filterset_class = AuditLogFilterSet
    object_select_related = ("actor",)
    page_title = _("Nhật ký thay đổi")
    default_ordering = "-created_at"

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "created_at",
                label=_("Thời điểm"),
                accessor=lambda e: format_datetime_line(e.created_at),
                sort_key="created_at",
                get_url=self.get_inspect_url,
            ),
            Column("actor", label=_("Người thực hiện"), accessor=_actor_name),
            Column("action", label=_("Hành động")),
            Column("target_repr", label=_("Đối tượng")),
        ]

    def order_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        ordering = self.ordering or "-created_at"
        return queryset.order_by(ordering, "-id" if ordering.startswith("-") else "id")


class AuditLogInspectView(ScopedInspectView):
    object_select_related = ("actor",)

    def get_actor_display_value(self) -> str:
        return _actor_name(self.object)

    def get_created_at_display_value(self) -> str:
        return format_datetime_line(self.object.created_at)

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "unit_path":
            # The tree path of the unit the change belongs to (org.OrgUnit.path).
            return str(_("Vị trí đơn vị trong cây"))
        return str(super().get_field_label(field_name, field))


class AuditLogViewSet(ScopedModelViewSet):
    """Read-only: the log is written by services, never by hand."""

    model = AuditLogEntry
    name = "audit_log"
    url_prefix = "nhat-ky"
    icon = "history"
    menu_label = _("Nhật ký")
    menu_name = "audit-log"
    index_view_class = AuditLogIndexView
    inspect_view_class = AuditLogInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["created_at", "actor", "action", "target_repr", "unit_path", "data"]
    list_per_page = 50
    form_fields: list[str] = []  # no form is ever shown; ModelViewSet wants one
    dropped_views = frozenset(
        {"history", "history_results", "usage", "add", "edit", "delete", "copy"}
    )

    def register_admin_url_finder(self) -> None:
        # There is no edit screen to find.
        return None
