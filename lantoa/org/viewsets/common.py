"""Pieces shared by the organisation's admin screens."""

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet

from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.forms import UnitChoiceField
from lantoa.org.models import Member, OrgUnit

UNITS = "org_units"
MEMBERS = "org_members"
ROLES = "org_roles"


def admin_url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def optional_url(name: str, **params: str) -> str | None:
    """The URL if some app provides it (member import/export live elsewhere)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


class LinkColumn(Column):
    cell_template_name = "org/admin/tables/link_cell.html"

    def __init__(self, name: str, *, get_url: Any, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.get_url = get_url

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = self.get_url(instance)
        return context


def units_in_scope(perm: str) -> Callable[[HttpRequest | None], QuerySet[OrgUnit]]:
    """For a filter's `queryset`: the units the requesting user holds `perm` over."""

    def units(request: HttpRequest | None) -> QuerySet[OrgUnit]:
        if request is None:
            return OrgUnit.objects.none()
        return scoping.units_for(request.user, perm)

    return units


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """Rows of a unit and everything below it; the unit named by its code."""

    field_class = UnitChoiceField

    def filter(self, qs: QuerySet[Any], value: OrgUnit | None) -> QuerySet[Any]:
        if value is None:
            return qs
        if qs.model is Member:  # members carry their unit's path: no join
            return qs.filter(scoping.subtree_condition("unit_path", value.path, bounded=True))
        return qs.filter(unit__path__startswith=value.path)


class PermissionMenuViewSet(ViewSet):
    """A set of plain admin views whose menu item shows only to users who hold
    `menu_perm` at some unit (the views themselves still check scope)."""

    menu_perm: str = Perm.CONTENT_EDIT

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        perm = self.menu_perm

        class PermissionMenuItem(MenuItem):
            def is_shown(self, request: HttpRequest) -> bool:
                return scoping.user_has_any(request.user, perm)

        return PermissionMenuItem


class PermissionPanel(Component):
    """A panel of the admin home page, shown only to users who hold
    `panel_perm` at some unit (what it lists is scoped by the app). Its
    template gets `panel_context()` with the page's address (`next`) and the
    request (`csrf_request`) for its one-click forms."""

    panel_perm: str = Perm.CONTENT_EDIT

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        if not scoping.user_has_any(self.request.user, self.panel_perm):
            return ""
        return str(super().render_html(parent_context))

    def panel_context(self) -> dict[str, Any]:
        raise NotImplementedError

    def get_context_data(self, parent_context: Mapping[str, Any] | None) -> Mapping[str, Any]:
        return {
            **self.panel_context(),
            "next": self.request.get_full_path(),
            "csrf_request": self.request,
        }


class PermAccessMixin:
    """A back-office screen open to whoever holds `access_perm` at some unit
    (what they then see is scoped); refused (403) otherwise."""

    access_perm: str = Perm.CONTENT_EDIT

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, self.access_perm):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
