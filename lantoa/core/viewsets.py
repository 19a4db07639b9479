"""Admin building blocks for scoped models, and the audit log screen.

Wagtail's generic views check a model-wide permission ("may this user change
some member?") and then load any object by its key. Ours load every object
through the one scoped lookup (`core.permissions.object_in_scope`), which asks
the model's registered permission policy (every policy answers from
`org.scoping`), so that:

- a user with no right of the kind at all is refused (PermissionDenied,
  which Wagtail's admin answers with a redirect and a message);
- an object outside the user's view scope does not exist for them (404);
- an object they may see but not change is refused.

`ScopedViewSetMixin` makes this the rule of a whole ViewSet: every object
view it builds (edit, delete, inspect, usage, history, copy, and Wagtail's
own classes a subclass did not replace) gets the scoped lookup, and a view
the ViewSet disables (`edit_view_enabled = False`, `dropped_views`) has no
URL at all. `ScopedModelViewSet` and `ScopedSnippetViewSet` are the two
bases every Lantoa admin screen of a model is built on; the generated
permission matrix (`lantoa/tests/security/`) refuses any other.

`core` knows nothing of units: the policy registered for a model (by `org`,
for the audit log too) decides.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, ClassVar

from django.apps import apps
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters import CharFilter, ChoiceFilter, DateFromToRangeFilter
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.api_tokens import APITokenViewSet as _WagtailApiTokenViewSet

from lantoa.core.actors import actor_label
from lantoa.core.admin_views import safe_next
from lantoa.core.audit import audit_action_choices, audit_action_label
from lantoa.core.dates import format_datetime_line
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.core.permissions import object_in_scope
from lantoa.core.phones import InvalidPhone

# --- scoped views -----------------------------------------------------------------


class ScopedObjectMixin:
    """Load the view's object inside the user's scope (see module docstring).

    `object_action` is what the view does to the object: "change" for edit
    views, "delete" for delete views, "view" for inspect views.
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
        return object_in_scope(
            self.permission_policy,  # type: ignore[attr-defined]
            self.request.user,  # type: ignore[attr-defined]
            self.object_action,
            select_related=self.object_select_related,
            pk=pk,
        )

    def get_object(self, queryset: Any = None) -> Any:
        # Edit and delete views cache their object; load it once.
        if getattr(self, "object", None) is not None:
            return self.object  # type: ignore[attr-defined]
        pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))  # type: ignore[attr-defined]
        if pk is None:
            raise Http404
        obj = self.get_scoped_object(pk)
        # What Wagtail's optional-features mixin (snippets) keeps beside it.
        self.live_object = obj
        if getattr(self, "draftstate_enabled", False):
            return obj.get_latest_revision_as_object()
        return obj


def _object_action(view_class: type) -> str | None:
    """What a Wagtail view does to the object in its URL; None for views
    without one (listings, create forms)."""
    if issubclass(view_class, generic.CopyViewMixin):
        return "view"
    if issubclass(view_class, (generic.IndexView, generic.CreateView)):
        return None
    if issubclass(view_class, generic.DeleteView):
        return "delete"
    if issubclass(view_class, (generic.InspectView, generic.UsageView, generic.HistoryView)):
        return "view"
    if hasattr(view_class, "get_object"):
        return "change"
    return None


class ScopedViewSetMixin:
    """For Wagtail ViewSets of scoped models (see module docstring).

    Views to leave out are named in `dropped_views` (URL names) or switched off
    with `<name>_view_enabled = False` for add, edit and delete (Wagtail has
    these switches for inspect and copy only, and routes the rest anyway).
    """

    dropped_views: frozenset[str] = frozenset({"history", "history_results", "usage"})
    OPTIONAL_VIEWS: ClassVar[tuple[str, ...]] = ("add", "edit", "delete", "copy", "inspect")

    def disabled_views(self) -> frozenset[str]:
        switched_off = {
            name
            for name in self.OPTIONAL_VIEWS
            if getattr(self, f"{name}_view_enabled", True) is False
        }
        if "history" in switched_off or "history" in self.dropped_views:
            switched_off.add("history_results")
        return frozenset(self.dropped_views | switched_off)

    def construct_view(self, view_class: type, **kwargs: Any) -> Any:
        action = _object_action(view_class)
        if action is not None and not issubclass(view_class, ScopedObjectMixin):
            view_class = type(
                f"Scoped{view_class.__name__}",
                (ScopedObjectMixin, view_class),
                {"object_action": action, "__module__": view_class.__module__},
            )
        return super().construct_view(view_class, **kwargs)  # type: ignore[misc]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs: dict[str, Any] = super().get_common_view_kwargs(**kwargs)  # type: ignore[misc]
        for name in self.disabled_views():
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        disabled = self.disabled_views()
        return [p for p in super().get_urlpatterns() if p.name not in disabled]  # type: ignore[misc]

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        # Django model permissions grant nothing here; offering them on the
        # group screen would only mislead.
        return Permission.objects.none()

    def register_admin_url_finder(self) -> None:
        # Links from elsewhere in the admin (search, references) go to the
        # edit screen, else the inspect screen, else nowhere.
        disabled = self.disabled_views()
        for name in ("edit", "inspect"):
            if name not in disabled and (name != "inspect" or self.inspect_view_enabled):  # type: ignore[attr-defined]
                finder = type(
                    "_ScopedAdminURLFinder",
                    (ModelAdminURLFinder,),
                    {"edit_url_name": self.get_url_name(name)},  # type: ignore[attr-defined]
                )
                from wagtail.admin.admin_url_finder import register_admin_url_finder

                register_admin_url_finder(self.model, finder)  # type: ignore[attr-defined]
                return


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
    """A listing of exactly what the policy lets the user see.

    `row_url_name`: where a row's title links when the app has a screen of its
    own for the object (a detail, a review); without it, Wagtail's edit link.
    """

    object_select_related: tuple[str, ...] = ()
    row_url_name: str | None = None

    def get_edit_url(self, instance: Any) -> str | None:
        if self.row_url_name is not None:
            return reverse(self.row_url_name, args=[instance.pk])
        return super().get_edit_url(instance)

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


class ConfirmedActionView(
    ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One action on one object: GET asks for confirmation, POST does it (a
    listing's buttons POST directly). `perform()` calls the service; a domain
    refusal becomes a message, a domain PermissionDenied the admin's own.
    Either way back to the safe `next` address, else `fallback_url()`."""

    permission_required = "change"
    template_name = "core/admin/confirm_action.html"
    confirm_text: Any = ""
    submit_label: Any = ""
    success_text: Any = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def fallback_url(self) -> str:
        raise NotImplementedError

    def next_url(self) -> str:
        return safe_next(self.request, self.fallback_url())

    def confirm_message(self) -> str:
        return str(self.confirm_text)

    def cancel_url(self) -> str:
        return self.next_url()

    def success_message(self) -> str:
        return str(self.success_text)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            confirm_text=self.confirm_message(),
            submit_label=self.submit_label,
            action_url=self.request.path,
            next=self.next_url(),
            cancel_url=self.cancel_url(),
        )
        return context

    def perform(self) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.perform()
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return redirect(self.next_url())
        messages.success(request, self.success_message())
        return redirect(self.next_url())


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


class Refusal:
    """Whether the service called in `form_refusals` refused (truthy then)."""

    refused = False

    def __bool__(self) -> bool:
        return self.refused


@contextmanager
def form_refusals(form: BaseForm) -> Iterator[Refusal]:
    """Around one service call of a form view: a domain refusal becomes an
    error on `form` (the returned `Refusal` turns true: show the form again),
    a domain PermissionDenied the admin's own 403."""
    refusal = Refusal()
    try:
        yield refusal
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    except LantoaError as exc:
        add_service_error(form, exc)
        refusal.refused = True


SERVICE_ERRORS = (ValidationError, LantoaError, InvalidPhone)


class ServiceFormMixin:
    """For create/edit views whose `save_instance` calls a service: a refusal
    becomes form errors (the service's transaction has rolled back), and a
    domain PermissionDenied becomes the admin's own."""

    error_message = _("Chưa lưu được: vui lòng sửa các lỗi bên dưới.")
    # Where the saved object goes: the URL of this name with its pk (its own
    # screen); without one, Wagtail's default.
    success_url_name: str | None = None

    def get_success_url(self) -> str:
        if self.success_url_name is not None:
            return reverse(self.success_url_name, args=[self.object.pk])  # type: ignore[attr-defined]
        return super().get_success_url()  # type: ignore[misc,no-any-return]

    def form_valid(self, form: BaseForm) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except SERVICE_ERRORS as exc:
            add_service_error(form, exc)
            self.produced_error_message = self.error_message
            return self.form_invalid(form)  # type: ignore[attr-defined]


class ScopedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    """A ModelViewSet whose rights come only from the registered policy.

    Wagtail's history and usage screens read Wagtail's own log, which our
    services do not write (they write `core.audit`), and they show the
    object's name without a scope check, so they are left out; so is copy.
    """

    copy_view_enabled = False
    add_to_reference_index = False
    # The app's own screens of one object: (path segment, URL name, view class),
    # each served at `<pk>/<segment>/`.
    object_views: tuple[tuple[str, str, Any], ...] = ()

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            *(
                path(f"<int:pk>/{segment}/", view.as_view(), name=name)
                for segment, name, view in self.object_views
            ),
        ]


def detail_and_action(detail_view: Any, action_view: Any) -> tuple[tuple[str, str, Any], ...]:
    """`object_views` of an object with a detail screen and state actions posted to it."""
    return (("chi-tiet", "detail", detail_view), ("thao-tac", "action", action_view))


# What a listing-only ViewSet leaves out: nothing is added, edited or deleted there.
LISTING_ONLY_VIEWS = frozenset(
    {"history", "history_results", "usage", "add", "edit", "delete", "copy"}
)


class ListingOnlyViewSet(ScopedModelViewSet):
    """A listing whose rows are worked on in screens of the app's own, or nowhere."""

    form_fields: list[str] = []  # no form is ever shown; ModelViewSet wants one
    dropped_views = LISTING_ONLY_VIEWS


class ScopedSnippetIndexView(InstanceLinksMixin, snippet_views.IndexView):
    """A snippet listing of exactly what the policy lets the user see."""

    object_select_related: tuple[str, ...] = ()

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.permission_policy.instances_user_has_permission_for(  # type: ignore[no-any-return]
            self.request.user, "view"
        ).select_related(*self.object_select_related)


class ScopedSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    """A SnippetViewSet whose every object view goes through the scoped
    lookup. No chooser is registered (Wagtail's lists every row, unscoped),
    no copy, history or usage (see ScopedModelViewSet)."""

    index_view_class = ScopedSnippetIndexView
    copy_view_enabled = False
    list_select_related: tuple[str, ...] = ()

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(  # type: ignore[no-any-return]
            object_select_related=self.list_select_related, **kwargs
        )

    def register_chooser_viewset(self) -> None:
        return None


class ScopedSnippetDeleteBulkAction(DeleteBulkAction):
    """Bulk delete of scoped snippets: ids outside the user's view scope do
    not exist (Wagtail's own lists them by name as "no permission", and its
    "all" means every row of the table)."""

    _scoped_objects: tuple[list[Any], dict[str, Any]]

    @classproperty
    def models(cls) -> list[Any]:
        from wagtail.snippets.models import get_snippet_models

        return [
            m
            for m in get_snippet_models()
            if isinstance(getattr(m, "snippet_viewset", None), ScopedSnippetViewSet)
        ]

    def get_actionable_objects(self) -> tuple[list[Any], dict[str, Any]]:
        # Wagtail asks again after deleting: the first answer stands.
        if hasattr(self, "_scoped_objects"):
            return self._scoped_objects
        ids = self.request.GET.getlist("id")
        visible = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "view"
        )
        if "all" not in ids:
            visible = visible.filter(pk__in=[i for i in ids if str(i).isdigit()])
        objects: list[Any] = []
        without_access: list[Any] = []
        for obj in visible:
            (objects if self.check_perm(obj) else without_access).append(obj)
        if not objects and not without_access:
            raise Http404
        self._scoped_objects = (objects, {"items_with_no_access": without_access})
        return self._scoped_objects


# --- audit log --------------------------------------------------------------------


def _app_name(prefix: str) -> str:
    for config in apps.get_app_configs():
        if config.name.rsplit(".", 1)[-1] == prefix:
            return str(config.verbose_name)
    return prefix


def _action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Registered actions grouped by app, each group led by "every action of the app"."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for action, label in audit_action_choices():
        groups.setdefault(action.split(".", 1)[0], []).append((action, label))
    return [
        (_app_name(prefix), [(f"{prefix}.", f"{_app_name(prefix)}: mọi hành động"), *items])
        for prefix, items in sorted(groups.items())
    ]


class AuditLogFilterSet(WagtailFilterSet):
    action = ChoiceFilter(label=_("Hành động"), lookup_expr="startswith", choices=_action_choices)
    actor = CharFilter(
        label=_("Người thực hiện"),
        method="filter_actor",
        help_text=_("Tên đăng nhập, hoặc tên tác nhân hệ thống (ví dụ channels.outbox_sweep)."),
    )
    created_at = DateFromToRangeFilter(label=_("Thời gian"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditLogEntry
        fields: list[str] = []

    def filter_actor(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(actor__username__iexact=value) | Q(actor_name=value))


def _actor_name(entry: AuditLogEntry) -> str:
    if entry.actor is not None:
        return entry.actor.get_full_name().strip() or entry.actor.get_username()
    if entry.actor_name:
        return actor_label(entry.actor_name)
    return str(_("Hệ thống"))


def _action_label(entry: AuditLogEntry) -> str:
    return audit_action_label(entry.action)


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
            Column("action", label=_("Hành động"), accessor=_action_label),
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

    def get_action_display_value(self) -> str:
        return f"{_action_label(self.object)} ({self.object.action})"

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "unit_path":
            # The tree path of the unit the change belongs to (org.OrgUnit.path).
            return str(_("Vị trí đơn vị trong cây"))
        return str(super().get_field_label(field_name, field))


class AuditLogViewSet(ListingOnlyViewSet):
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


# --- API tokens -------------------------------------------------------------------


class ApiTokenViewSet(_WagtailApiTokenViewSet):
    """Wagtail's API token screen ("Cài đặt → Mã truy cập API"), where every
    officer creates and revokes their own bearer tokens for the JSON API
    (`/api/v1/`); only those who may change users see others'. Wagtail
    registers it only with its own v3 API app, which Lantoa does not use."""

    menu_label = _("Mã truy cập API")
