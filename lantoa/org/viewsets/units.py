"""The unit tree in the admin: browse it level by level (like Wagtail's page
explorer), add children, edit and move units. Writes go through
`org.services` (unit_create / unit_update / unit_move)."""

from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn, StatusFlagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from lantoa.core.exceptions import LantoaError
from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
    add_service_error,
)
from lantoa.org import scoping, services
from lantoa.org.choices import Perm
from lantoa.org.forms import OrgUnitForm, UnitMoveForm
from lantoa.org.models import OrgUnit
from lantoa.org.selectors import member_counts_by_subtree
from lantoa.org.viewsets.common import MEMBERS, UNITS, LinkColumn, admin_url


def unit_listing_url(unit: OrgUnit, user: Any) -> str:
    """Where a unit is listed for this user: among its parent's children, or
    at the top when the parent is out of their scope."""
    parent_path = unit.path[: -OrgUnit.steplen]
    parent = scoping.units_for(user).filter(path=parent_path).only("pk").first()
    return admin_url(f"{UNITS}:explore", parent.pk) if parent else admin_url(f"{UNITS}:index")


class UnitFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Cấp"), choices=OrgUnit._meta.get_field("kind").choices
    )
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = OrgUnit
        fields: list[str] = []


class UnitIndexView(ScopedIndexView):
    """The tree, one level at a time (like Wagtail's page explorer): the
    children of a unit, or the user's top-most units. Searching or filtering
    looks through the whole subtree instead."""

    page_title = _("Đơn vị")
    search_fields = ["name", "short_name", "code"]
    search_backend_name = None
    filterset_class = UnitFilterSet
    explore_url_name = f"{UNITS}:explore"
    explore_results_url_name = f"{UNITS}:explore_results"
    add_child_url_name = f"{UNITS}:add_child"
    move_url_name = f"{UNITS}:move"
    parent: OrgUnit | None = None

    def get(self, request: HttpRequest, *args: Any, parent_id: int | None = None) -> HttpResponse:
        if parent_id is not None:
            self.parent = get_object_or_404(self.scoped_units, pk=parent_id)
        return super().get(request)

    @cached_property
    def scoped_units(self) -> QuerySet[OrgUnit]:
        return scoping.units_for(self.request.user, Perm.UNIT_VIEW)

    def can_change(self, unit: OrgUnit) -> bool:
        return scoping.user_can(self.request.user, Perm.UNIT_CHANGE, unit)

    def get_base_queryset(self) -> QuerySet[OrgUnit]:
        units = self.scoped_units
        whole_subtree = self.is_searching or self.is_filtering
        if self.parent is not None:
            below = units.filter(path__startswith=self.parent.path).exclude(pk=self.parent.pk)
            return below if whole_subtree else below.filter(depth=self.parent.depth + 1)
        if whole_subtree:
            return units
        tops = scoping.scope_paths(self.request.user, Perm.UNIT_VIEW)
        return units.filter(depth=1) if tops is None else units.filter(path__in=tops)

    def order_queryset(self, queryset: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
        if self.ordering:
            return queryset.order_by(self.ordering, "path")
        return queryset.order_by("sort_order", "path")

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        # Counts for the whole page in one query, not one per row.
        units = list(object_list)
        members = scoping.members_for(self.request.user, Perm.MEMBER_VIEW)
        counts = member_counts_by_subtree(units, members)
        for unit in units:
            unit.member_count = counts[unit.pk]  # type: ignore[attr-defined]
        page.object_list = units
        return paginator, page, units, is_paginated

    def explore_url(self, unit: OrgUnit) -> str:
        return admin_url(self.explore_url_name, unit.pk)

    def members_url(self, unit: OrgUnit) -> str:
        return f"{admin_url(f'{MEMBERS}:index')}?{urlencode({'unit': unit.code})}"

    @cached_property
    def columns(self) -> list[Column]:
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column("name", label=_("Tên đơn vị"), sort_key="name", get_url=self.explore_url),
            Column("code", label=_("Mã"), sort_key="code"),
            Column("kind", label=_("Cấp"), accessor="get_kind_display"),
            NumberColumn("numchild", label=_("Đơn vị trực thuộc")),
            LinkColumn(
                "member_count", label=_("Đoàn viên đang sinh hoạt"), get_url=self.members_url
            ),
            StatusFlagColumn("is_active", label=_("Trạng thái"), false_label=_("Ngừng hoạt động")),
        ]

    def get_list_more_buttons(self, instance: OrgUnit) -> list[MenuItem]:
        buttons = [
            MenuItem(
                _("Xem đơn vị trực thuộc"), self.explore_url(instance), "folder-open-inverse", 5
            ),
            MenuItem(_("Xem đoàn viên"), self.members_url(instance), "group", 6),
        ]
        if self.can_change(instance):
            buttons += [
                MenuItem(_("Sửa"), admin_url(self.edit_url_name, instance.pk), "edit", 10),
                MenuItem(
                    _("Thêm đơn vị con"),
                    admin_url(self.add_child_url_name, instance.pk),
                    "plus",
                    20,
                ),
                MenuItem(
                    _("Chuyển"), admin_url(self.move_url_name, instance.pk), "arrow-right-full", 30
                ),
            ]
        elif inspect_url := self.get_inspect_url(instance):
            buttons.append(MenuItem(_("Xem chi tiết"), inspect_url, "info-circle", 10))
        return buttons

    def get_index_url(self) -> str:
        if self.parent is not None:
            return self.explore_url(self.parent)
        return admin_url(self.index_url_name)

    def get_index_results_url(self) -> str:
        if self.parent is not None:
            return admin_url(self.explore_results_url_name, self.parent.pk)
        return admin_url(self.index_results_url_name)

    def get_add_url(self) -> str | None:
        if self.parent is not None:
            return (
                admin_url(self.add_child_url_name, self.parent.pk)
                if self.can_change(self.parent)
                else None
            )
        # A new root is a superuser's act (services.unit_create).
        return (
            admin_url(self.add_url_name)
            if scoping.user_can(self.request.user, Perm.UNIT_CHANGE, None)
            else None
        )

    @cached_property
    def add_item_label(self) -> str:
        return str(_("Thêm đơn vị con") if self.parent else _("Thêm đơn vị gốc"))

    def get_page_subtitle(self) -> str:
        return self.parent.name if self.parent else ""

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        if self.parent is None:
            return []
        buttons = [
            Button(
                _("Xem đoàn viên"),
                url=self.members_url(self.parent),
                icon_name="group",
                priority=30,
            )
        ]
        if self.can_change(self.parent):
            buttons += [
                Button(
                    _("Sửa đơn vị này"),
                    url=admin_url(self.edit_url_name, self.parent.pk),
                    icon_name="edit",
                    priority=10,
                ),
                Button(
                    _("Chuyển đơn vị này"),
                    url=admin_url(self.move_url_name, self.parent.pk),
                    icon_name="arrow-right-full",
                    priority=20,
                ),
            ]
        return buttons

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [*self.breadcrumbs_items]
        if self.parent is None:
            return [*items, {"url": "", "label": self.page_title}]
        items.append({"url": admin_url(self.index_url_name), "label": self.page_title})
        ancestor_paths = scoping.path_prefixes(self.parent.path, include_self=False)
        # Only the ancestors the user may see: an officer's trail starts at
        # their own unit.
        for unit in self.scoped_units.filter(path__in=ancestor_paths).order_by("path"):
            items.append({"url": self.explore_url(unit), "label": str(unit)})
        items.append({"url": "", "label": str(self.parent)})
        return items

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["parent_unit"] = self.parent
        return context


class UnitParentMixin:
    """Resolve the parent of a unit being added: inside the view scope or
    404, and changeable or refused. No parent means a new root."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        parent_id = kwargs.pop("parent_id", None)
        user = request.user
        if not scoping.user_has_any(user, Perm.UNIT_CHANGE):
            raise PermissionDenied
        if parent_id is None:
            self.parent = None
            if not scoping.user_can(user, Perm.UNIT_CHANGE, None):
                raise PermissionDenied
        else:
            self.parent = get_object_or_404(scoping.units_for(user), pk=parent_id)
            if not scoping.user_can(user, Perm.UNIT_CHANGE, self.parent):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class UnitCreateView(UnitParentMixin, ServiceFormMixin, generic.CreateView):
    success_message = _("Đã thêm đơn vị «%(object)s».")

    def get_add_url(self) -> str:
        if self.parent is None:
            return admin_url(f"{UNITS}:add")
        return admin_url(f"{UNITS}:add_child", self.parent.pk)

    def get_page_subtitle(self) -> str:
        if self.parent is None:
            return str(_("Đơn vị gốc"))
        return str(_("Đơn vị con của %(parent)s") % {"parent": self.parent})

    def save_instance(self) -> OrgUnit:
        return services.unit_create(
            actor=self.request.user, parent=self.parent, **self.form.service_fields()
        )

    def get_success_url(self) -> str:
        if self.parent is None:
            return admin_url(f"{UNITS}:index")
        return admin_url(f"{UNITS}:explore", self.parent.pk)


class UnitEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu đơn vị «%(object)s».")
    can_delete = False  # units are not deleted from the admin

    def save_instance(self) -> OrgUnit:
        # The form has already written its values onto self.object; the
        # service must see the stored unit to check scope and record changes.
        stored = OrgUnit.objects.get(pk=self.object.pk)
        return services.unit_update(
            actor=self.request.user, unit=stored, **self.form.service_fields()
        )

    def get_success_url(self) -> str:
        return unit_listing_url(self.object, self.request.user)


class UnitMoveView(ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):  # type: ignore[type-arg]
    """Move a unit, with its whole subtree and members, under another unit
    the user may change (services.unit_move)."""

    model = OrgUnit
    form_class = UnitMoveForm
    permission_required = "change"
    template_name = "org/admin/unit_move.html"
    page_title = _("Chuyển đơn vị")
    header_icon = "arrow-right-full"
    index_url_name = f"{UNITS}:index"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": admin_url(f"{UNITS}:index"), "label": _("Đơn vị")},
            {"url": unit_listing_url(self.object, self.request.user), "label": str(self.object)},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "unit": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=admin_url(f"{UNITS}:move", self.object.pk),
            submit_button_label=_("Chuyển"),
            submit_button_active_label=_("Đang chuyển…"),
            descendant_count=OrgUnit.objects.filter(path__startswith=self.object.path).count() - 1,
        )
        return context

    def form_valid(self, form: BaseForm) -> HttpResponse:
        new_parent = form.cleaned_data["new_parent"]
        try:
            unit = services.unit_move(
                actor=self.request.user, unit=self.object, new_parent=new_parent
            )
        except LantoaError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã chuyển «%(unit)s» vào «%(parent)s».") % {"unit": unit, "parent": new_parent},
        )
        return redirect(f"{UNITS}:explore", new_parent.pk)


class UnitInspectView(ScopedInspectView):
    pass


class OrgUnitViewSet(ScopedModelViewSet):
    model = OrgUnit
    name = UNITS
    url_prefix = "to-chuc/don-vi"
    icon = "site"
    menu_label = _("Đơn vị")
    menu_name = "org-units"
    index_view_class = UnitIndexView
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    inspect_view_class = UnitInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "name", "short_name", "code", "kind", "is_active", "email", "phone", "address", "website",
    ]  # fmt: skip
    list_per_page = 50
    # Units are not deleted from the admin: members and history hang off them.
    delete_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[OrgUnitForm]:
        return OrgUnitForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:parent_id>/", self.index_view, name="explore"),
            path("<int:parent_id>/results/", self.index_results_view, name="explore_results"),
            path("new/<int:parent_id>/", self.add_view, name="add_child"),
            path("move/<int:pk>/", self.construct_view(UnitMoveView), name="move"),
        ]
