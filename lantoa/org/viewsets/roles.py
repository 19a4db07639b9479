"""Role assignments in the admin: list, grant and revoke, through
`org.services.role_assign` / `role_revoke`."""

from functools import cached_property
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic

from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
)
from lantoa.org import services
from lantoa.org.choices import Perm, Role
from lantoa.org.forms import RoleAssignmentForm, fit_unit_widget
from lantoa.org.models import RoleAssignment
from lantoa.org.viewsets.common import ROLES, UnitSubtreeFilter, units_in_scope


def _account_name(assignment: RoleAssignment) -> str:
    user = assignment.user
    full_name = user.get_full_name().strip()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class RoleFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=Role.choices)
    unit = UnitSubtreeFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"),
        queryset=units_in_scope(Perm.ROLE_VIEW),
    )

    class Meta:
        model = RoleAssignment
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fit_unit_widget(self.form.fields["unit"])


class RoleIndexView(ScopedIndexView):
    page_title = _("Phân quyền")
    filterset_class = RoleFilterSet
    object_select_related = ("user", "unit")
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_backend_name = None

    def order_queryset(self, queryset: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
        if self.ordering:
            return queryset.order_by(self.ordering, "id")
        return queryset.order_by("unit__path", "user__username", "role")

    @cached_property
    def add_item_label(self) -> str:
        return str(_("Phân quyền mới"))

    @cached_property
    def columns(self) -> list[Column]:
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "user", label=_("Tài khoản"), accessor=_account_name, get_url=lambda a: None
            ),
            Column("role", label=_("Vai trò"), accessor="get_role_display", sort_key="role"),
            Column("unit", label=_("Đơn vị"), sort_key="unit__path"),
            Column(
                "created_at",
                label=_("Từ ngày"),
                accessor=lambda a: timezone.localdate(a.created_at),
            ),
        ]

    def get_list_more_buttons(self, instance: RoleAssignment) -> list[MenuItem]:
        if url := self.get_delete_url(instance):
            return [MenuItem(_("Thu hồi"), url, "bin", 30)]
        return []


class RoleCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã phân quyền: %(object)s.")

    def save_instance(self) -> RoleAssignment:
        data = self.form.cleaned_data
        return services.role_assign(
            actor=self.request.user, user=data["account"], unit=data["unit"], role=data["role"]
        )

    def get_success_buttons(self) -> list[Any]:
        return []  # there is no edit screen: a role is granted or revoked


class RoleDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_select_related = ("user", "unit")
    page_title = _("Thu hồi vai trò")
    success_message = _("Đã thu hồi: %(object)s.")

    @property
    def confirmation_message(self) -> str:
        return str(_("Thu hồi vai trò «%(role)s» của %(user)s tại %(unit)s?")) % {
            "role": self.object.get_role_display(),
            "user": _account_name(self.object),
            "unit": self.object.unit,
        }

    def delete_action(self) -> None:
        services.role_revoke(actor=self.request.user, assignment=self.object)


class RoleAssignmentViewSet(ScopedModelViewSet):
    model = RoleAssignment
    name = ROLES
    url_prefix = "to-chuc/phan-quyen"
    icon = "key"
    menu_label = _("Phân quyền")
    menu_name = "org-roles"
    index_view_class = RoleIndexView
    add_view_class = RoleCreateView
    delete_view_class = RoleDeleteView
    list_per_page = 50
    dropped_views = frozenset({"history", "history_results", "usage", "edit"})

    def get_form_class(self, for_update: bool = False) -> type[RoleAssignmentForm]:
        return RoleAssignmentForm

    def register_admin_url_finder(self) -> None:
        return None  # no edit screen to find
