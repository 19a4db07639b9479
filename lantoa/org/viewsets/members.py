"""Members in the admin: a scoped, searchable (without diacritics), filtered
listing; create, edit and delete through `org.services`."""

from functools import cached_property
from typing import Any

import django_filters
from django.db.models import Case, QuerySet, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
)
from lantoa.org import scoping, services
from lantoa.org.choices import Gender, MemberStatus, Perm
from lantoa.org.forms import MemberForm, fit_unit_widget
from lantoa.org.models import Member, OrgUnit
from lantoa.org.selectors import (
    member_name_matches,
    member_search_matches,
    member_search_ranked,
)
from lantoa.org.viewsets.common import MEMBERS, UnitSubtreeFilter, optional_url, units_in_scope


class MemberFilterSet(WagtailFilterSet):
    unit = UnitSubtreeFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=units_in_scope(Perm.MEMBER_VIEW)
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=MemberStatus.choices)
    gender = django_filters.ChoiceFilter(
        label=_("Giới tính"), choices=[c for c in Gender.choices if c[0]]
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fit_unit_widget(self.form.fields["unit"])


class MemberIndexView(ScopedIndexView):
    page_title = _("Đoàn viên")
    add_item_label = _("Thêm đoàn viên")
    filterset_class = MemberFilterSet
    object_select_related = ("unit",)
    # Marks the listing searchable; the search itself is search_queryset.
    search_fields = ["search_name"]
    search_backend_name = None

    results_template_name = "org/admin/member_listing_results.html"
    # Set by search_queryset: (matches counted up to the cap, exact?).
    search_count: tuple[int, bool] | None = None

    def search_queryset(self, queryset: QuerySet[Member]) -> QuerySet[Member]:
        """Every word of the query, without marks, in the folded name:
        "nguyen van" finds "Nguyễn Văn An". Counted up to 1,000 and, past
        that, listed by unit then name (selectors.member_search_page)."""
        if not self.search_query:
            return queryset
        matches = member_name_matches(queryset, self.search_query)
        rows, exact = member_search_matches(matches)
        self.search_count = (len(rows), exact)
        if exact:
            # At most 1,000 ids: the listing sorts just those (by name unless
            # the user chose a column), whatever plan the name filter had.
            found = Member.objects.filter(pk__in=[pk for pk, _ in rows]).select_related("unit")
            if self.ordering:
                return found.order_by(self.ordering, "id")
            # Best matches first (whole words, then word starts), then
            # Vietnamese dictionary order (selectors.member_search_ranked).
            ranked = member_search_ranked(rows, self.search_query)
            return found.order_by(
                Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked))), "id"
            )
        if self.ordering:
            return matches  # the user's column, as order_queryset set it
        # Past the cap, the index order of org_member_scope_name: PostgreSQL
        # reads one page of the scope's range and stops.
        return matches.order_by("unit_path", "search_name", "id")

    def order_queryset(self, queryset: QuerySet[Member]) -> QuerySet[Member]:
        if self.ordering:
            return queryset.order_by(self.ordering, "id")
        return queryset.order_by("search_name", "id")

    def get_paginator(self, queryset: QuerySet[Member], per_page: int, **kwargs: Any) -> Any:
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.search_count is not None:
            # The capped count stands in for COUNT(*) over every match.
            total, exact = self.search_count
            paginator.count = total
            if not exact:
                paginator.items_count_label = f"hơn {total:,} đoàn viên".replace(",", ".")
        return paginator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["search_count_exact"] = self.search_count is None or self.search_count[1]
        return context

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "full_name",
                label=_("Họ và tên"),
                sort_key="search_name",
                get_url=lambda m: self.get_edit_url(m) or self.get_inspect_url(m),
            ),
            Column("employee_code", label=_("Mã nhân viên"), sort_key="employee_code"),
            Column("unit", label=_("Đơn vị")),
            Column("gender", label=_("Giới tính"), accessor="get_gender_display"),
            Column("status", label=_("Trạng thái"), accessor="get_status_display"),
        ]

    @cached_property
    def filtered_unit(self) -> OrgUnit | None:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("unit")
        return None

    def get_add_url(self) -> str | None:
        url = super().get_add_url()
        unit = self.filtered_unit
        if url and unit and scoping.user_can(self.request.user, Perm.MEMBER_CHANGE, unit):
            return f"{url}?{urlencode({'unit': unit.code})}"
        return url

    def get_export_unit(self) -> OrgUnit | None:
        """The subtree an export takes: the filtered unit, else the user's one
        top unit; with several and no filter, the user must choose first."""
        if self.filtered_unit is not None:
            return self.filtered_unit
        paths = scoping.scope_paths(self.request.user, Perm.MEMBER_VIEW)
        tops = (
            OrgUnit.objects.filter(depth=1)
            if paths is None
            else OrgUnit.objects.filter(path__in=paths)
        )
        candidates = list(tops.order_by("path")[:2])
        return candidates[0] if len(candidates) == 1 else None

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        user = self.request.user
        if scoping.user_has_any(user, Perm.MEMBER_CHANGE) and (
            url := optional_url("org_member_import_start")
        ):
            buttons.append(HeaderButton(_("Nhập từ tệp"), url=url, icon_name="upload"))
        if (unit := self.get_export_unit()) and (
            url := optional_url("org_member_export", unit=unit.code)
        ):
            buttons.append(HeaderButton(_("Xuất Excel"), url=url, icon_name="download"))
        return buttons


class MemberCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã thêm đoàn viên «%(object)s».")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if code := self.request.GET.get("unit"):
            initial["unit"] = code
        return initial

    def save_instance(self) -> Member:
        return services.member_create(
            actor=self.request.user,
            unit=self.form.cleaned_data["unit"],
            **self.form.service_fields(),
        )


class MemberEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    object_select_related = ("unit",)
    success_message = _("Đã lưu đoàn viên «%(object)s».")

    def save_instance(self) -> Member:
        # The form has already written onto self.object; the service must
        # start from what is stored (its unit decides the scope check).
        stored = Member.objects.select_related("unit").get(pk=self.object.pk)
        return services.member_update(
            actor=self.request.user,
            member=stored,
            unit=self.form.cleaned_data["unit"],
            **self.form.service_fields(),
        )


class MemberDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_select_related = ("unit",)
    success_message = _("Đã xoá đoàn viên «%(object)s».")

    def delete_action(self) -> None:
        services.member_delete(actor=self.request.user, member=self.object)


class MemberInspectView(ScopedInspectView):
    object_select_related = ("unit",)


class MemberViewSet(ScopedModelViewSet):
    model = Member
    name = MEMBERS
    url_prefix = "to-chuc/doan-vien"
    icon = "group"
    menu_label = _("Đoàn viên")
    menu_name = "org-members"
    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    delete_view_class = MemberDeleteView
    inspect_view_class = MemberInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "full_name", "employee_code", "unit", "gender", "date_of_birth", "phone", "email",
        "join_date", "status",
    ]  # fmt: skip
    list_per_page = 50

    def get_form_class(self, for_update: bool = False) -> type[MemberForm]:
        return MemberForm
