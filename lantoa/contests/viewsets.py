"""Back office of the photo contest: "Cuộc thi ảnh" → Cuộc thi, Ảnh dự thi.
Rights come from `org` scoping over the organising unit (Perm.CONTENT_EDIT
to run a contest and moderate, Perm.CONTENT_APPROVE to approve it and
publish its results); every change goes through a service."""

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.contests import admin_views
from lantoa.contests.models import Contest, Entry
from lantoa.contests.services import contests
from lantoa.core.viewsets import (
    ListingOnlyViewSet,
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
    detail_and_action,
)
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm

contest_permission_policy = content_policy(Contest)
entry_permission_policy = content_policy(Entry, "contest__unit__path")
POLICIES: dict[type[Model], BasePermissionPolicy] = {
    Contest: contest_permission_policy,
    Entry: entry_permission_policy,
}


class ContestForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT).order_by("path")
            if "unit" in self.fields:
                self.fields["unit"].queryset = units
            self.fields["eligible_units"].queryset = units
        if self.instance.pk is not None and "unit" in self.fields:
            del self.fields["unit"]  # a contest stays with the unit that organises it


def _panels() -> list[Any]:
    return [
        FieldPanel("unit"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("rules"),
        FieldRowPanel(
            [FieldPanel("entries_open_on"), FieldPanel("entries_close_on")],
            heading=_("Nhận ảnh"),
        ),
        FieldRowPanel(
            [FieldPanel("voting_starts_at"), FieldPanel("voting_ends_at")],
            heading=_("Bình chọn"),
        ),
        FieldPanel("eligible_units", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("max_entries_per_member"),
                FieldPanel("jury_weight"),
                FieldPanel("winners_count"),
                FieldPanel("burst_threshold"),
            ],
            heading=_("Thể lệ"),
        ),
    ]


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in contests.EDITABLE_FIELDS}


class ContestCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "contests_contests:detail"

    def save_instance(self) -> Contest:
        data = dict(self.form.cleaned_data)
        return contests.contest_create(
            actor=self.request.user,
            unit=data.pop("unit"),
            title=data.pop("title"),
            entries_open_on=data.pop("entries_open_on"),
            entries_close_on=data.pop("entries_close_on"),
            eligible_units=data.pop("eligible_units"),
            **_fields(data),
        )


class ContestEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_url_name = "contests_contests:detail"

    def save_instance(self) -> Contest:
        data = dict(self.form.cleaned_data)
        return contests.contest_update(
            actor=self.request.user,
            contest=Contest.objects.get(pk=self.object.pk),
            eligible_units=data.pop("eligible_units"),
            **_fields(data),
        )


class ContestIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "contests_contests:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Cuộc thi"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị tổ chức")),
            Column("state", label=_("Trạng thái"), accessor=lambda c: c.get_state_display()),
            Column("entries_open_on", label=_("Mở nhận ảnh")),
            Column("entries_close_on", label=_("Hạn gửi ảnh")),
        ]


class ContestViewSet(ScopedModelViewSet):
    model = Contest
    icon = "image"
    menu_label = _("Cuộc thi")
    url_prefix = "cuoc-thi-anh/cuoc-thi"
    name = "contests_contests"
    permission_policy = contest_permission_policy
    index_view_class = ContestIndexView
    add_view_class = ContestCreateView
    edit_view_class = ContestEditView
    delete_view_enabled = False
    list_filter = ["state"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        return ObjectList(_panels(), base_form_class=ContestForm).bind_to_model(Contest)

    object_views = detail_and_action(admin_views.ContestDetailView, admin_views.ContestActionView)


class EntryIndexView(ScopedIndexView):
    object_select_related = ("contest", "unit", "member")
    default_ordering = "created_at"
    row_url_name = "contests_entries:moderate"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Ảnh"), get_url=self.get_edit_url, accessor=str),
            Column("contest", label=_("Cuộc thi")),
            Column("member", label=_("Tác giả"), accessor=lambda e: e.member.full_name),
            Column("unit", label=_("Đơn vị")),
            Column("status", label=_("Trạng thái"), accessor=lambda e: e.get_status_display()),
            Column("flagged", label=_("Bình chọn dồn dập")),
            Column("created_at", label=_("Gửi lúc")),
        ]


class EntryViewSet(ListingOnlyViewSet):
    model = Entry
    icon = "image"
    menu_label = _("Ảnh dự thi")
    url_prefix = "cuoc-thi-anh/anh"
    name = "contests_entries"
    permission_policy = entry_permission_policy
    index_view_class = EntryIndexView
    list_filter = ["status", "contest", "flagged"]
    search_fields = ["title"]
    object_views = (("kiem-duyet", "moderate", admin_views.EntryModerateView),)


class ContestMenuGroup(ViewSetGroup):
    menu_label = _("Cuộc thi ảnh")
    menu_icon = "image"
    menu_order = 285
    items = (ContestViewSet, EntryViewSet)
