"""Back office of the online race: "Giải chạy" → Giải chạy, Hàng chờ xem
xét, Khiếu nại. Rights come from `org` scoping over the organising unit
(Perm.CONTENT_EDIT to run a race, Perm.CONTENT_APPROVE to approve it); every
change goes through a service."""

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
from lantoa.race import admin_views
from lantoa.race.choices import Sport
from lantoa.race.models import Activity, Appeal, Race
from lantoa.race.services import races

race_permission_policy = content_policy(Race)
activity_permission_policy = content_policy(Activity, "race__unit__path")
appeal_permission_policy = content_policy(Appeal, "race__unit__path")
POLICIES: dict[type[Model], BasePermissionPolicy] = {
    Race: race_permission_policy,
    Activity: activity_permission_policy,
    Appeal: appeal_permission_policy,
}


# -- races ------------------------------------------------------------------------


class RaceForm(WagtailAdminModelForm):
    sports = forms.MultipleChoiceField(
        label=_("Môn"), choices=Sport.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT).order_by("path")
            if "unit" in self.fields:
                self.fields["unit"].queryset = units
            self.fields["eligible_units"].queryset = units
        if self.instance.pk is not None and "unit" in self.fields:
            del self.fields["unit"]  # a race stays with the unit that organises it


def _panels() -> list[Any]:
    return [
        FieldPanel("unit"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Thời gian")),
        FieldRowPanel(
            [FieldPanel("registration_closes_on"), FieldPanel("submission_deadline")],
            heading=_("Hạn"),
        ),
        FieldPanel("eligible_units", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel(name) for name in races.RULE_FIELDS], heading=_("Thể lệ")),
    ]


class RaceCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "race_races:detail"

    def save_instance(self) -> Race:
        data = dict(self.form.cleaned_data)
        return races.race_create(
            actor=self.request.user,
            unit=data.pop("unit"),
            title=data.pop("title"),
            starts_on=data.pop("starts_on"),
            ends_on=data.pop("ends_on"),
            submission_deadline=data.pop("submission_deadline"),
            eligible_units=data.pop("eligible_units"),
            **{k: v for k, v in data.items() if k in races.EDITABLE_FIELDS},
        )


class RaceEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_url_name = "race_races:detail"

    def save_instance(self) -> Race:
        data = dict(self.form.cleaned_data)
        eligible = data.pop("eligible_units")
        return races.race_update(
            actor=self.request.user,
            race=Race.objects.get(pk=self.object.pk),
            eligible_units=eligible,
            **{k: v for k, v in data.items() if k in races.EDITABLE_FIELDS},
        )


class StateColumn(Column):
    def get_value(self, instance: Any) -> str:
        return str(instance.get_state_display())


class RaceIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "race_races:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Giải"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị tổ chức")),
            StateColumn("state", label=_("Trạng thái")),
            Column("starts_on", label=_("Bắt đầu")),
            Column("ends_on", label=_("Kết thúc")),
        ]


class RaceViewSet(ScopedModelViewSet):
    model = Race
    icon = "pick"
    menu_label = _("Giải chạy")
    url_prefix = "giai-chay/giai"
    name = "race_races"
    permission_policy = race_permission_policy
    index_view_class = RaceIndexView
    add_view_class = RaceCreateView
    edit_view_class = RaceEditView
    delete_view_enabled = False
    list_filter = ["state"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        return ObjectList(_panels(), base_form_class=RaceForm).bind_to_model(Race)

    object_views = detail_and_action(admin_views.RaceDetailView, admin_views.RaceActionView)


# -- the review queue -------------------------------------------------------------


class ActivityIndexView(ScopedIndexView):
    object_select_related = ("registration__member", "registration__unit", "race")
    default_ordering = "created_at"
    row_url_name = "race_activities:review"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "registration",
                label=_("Vận động viên"),
                get_url=self.get_edit_url,
                accessor=lambda a: f"{a.registration.bib} {a.registration.member.full_name}",
            ),
            Column("race", label=_("Giải")),
            Column("local_date", label=_("Ngày")),
            Column("distance_m", label=_("Quãng đường (m)")),
            Column("status", label=_("Trạng thái"), accessor=lambda a: a.get_status_display()),
            Column(
                "findings",
                label=_("Cảnh báo"),
                accessor=lambda a: "; ".join(f["message"] for f in a.findings),
            ),
        ]


class ActivityViewSet(ListingOnlyViewSet):
    model = Activity
    icon = "warning"
    menu_label = _("Hàng chờ xem xét")
    url_prefix = "giai-chay/hoat-dong"
    name = "race_activities"
    permission_policy = activity_permission_policy
    index_view_class = ActivityIndexView
    list_filter = ["status", "race"]
    object_views = (("xem-xet", "review", admin_views.ActivityReviewView),)


# -- appeals ----------------------------------------------------------------------


class AppealIndexView(ScopedIndexView):
    object_select_related = ("activity__registration__member", "race")
    default_ordering = "created_at"
    row_url_name = "race_appeals:decide"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "activity",
                label=_("Vận động viên"),
                get_url=self.get_edit_url,
                accessor=lambda a: a.activity.registration.member.full_name,
            ),
            Column("race", label=_("Giải")),
            Column("text", label=_("Nội dung")),
            Column("status", label=_("Trạng thái"), accessor=lambda a: a.get_status_display()),
            Column("created_at", label=_("Gửi lúc")),
        ]


class AppealViewSet(ListingOnlyViewSet):
    model = Appeal
    icon = "help"
    menu_label = _("Khiếu nại")
    url_prefix = "giai-chay/khieu-nai"
    name = "race_appeals"
    permission_policy = appeal_permission_policy
    index_view_class = AppealIndexView
    list_filter = ["status", "race"]
    object_views = (("tra-loi", "decide", admin_views.AppealDecideView),)


class RaceMenuGroup(ViewSetGroup):
    menu_label = _("Giải chạy")
    menu_icon = "pick"
    menu_order = 280
    items = (RaceViewSet, ActivityViewSet, AppealViewSet)
