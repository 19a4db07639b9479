"""Back office of the online race: "Giải chạy" → Giải chạy, Hàng chờ xem
xét, Khiếu nại. Rights come from `org` scoping over the organising unit
(Perm.CONTENT_EDIT to run a race, Perm.CONTENT_APPROVE to approve it); every
change goes through a service."""

from typing import Any

from django import forms
from django.db.models import Model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
)
from lantoa.org import scoping
from lantoa.org.admin_blocks import ScopedPermissionPolicy
from lantoa.org.choices import Perm
from lantoa.race import admin_views
from lantoa.race.choices import Sport
from lantoa.race.models import Activity, Appeal, Race
from lantoa.race.services import races

race_permission_policy = ScopedPermissionPolicy(
    Race, view_perm=Perm.CONTENT_EDIT, change_perm=Perm.CONTENT_EDIT, path_field="unit__path"
)
activity_permission_policy = ScopedPermissionPolicy(
    Activity,
    view_perm=Perm.CONTENT_EDIT,
    change_perm=Perm.CONTENT_EDIT,
    path_field="race__unit__path",
)
appeal_permission_policy = ScopedPermissionPolicy(
    Appeal,
    view_perm=Perm.CONTENT_EDIT,
    change_perm=Perm.CONTENT_EDIT,
    path_field="race__unit__path",
)
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
        if self.instance.pk is not None and "unit" in self.fields:
            del self.fields["unit"]  # a race stays with the unit that organises it
            self.fields["eligible_units"].queryset = units


RULE_FIELDS = [
    "sports",
    "min_pace_s",
    "max_pace_s",
    "min_activity_km",
    "daily_cap_km",
    "max_activities_per_day",
    "allow_manual",
    "allow_treadmill",
    "finisher_km",
    "bib_prefix",
]


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
        MultiFieldPanel([FieldPanel(name) for name in RULE_FIELDS], heading=_("Thể lệ")),
    ]


class RaceCreateView(ServiceFormMixin, generic.CreateView):
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

    def get_success_url(self) -> str:
        return reverse("race_races:detail", args=[self.object.pk])


class RaceEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    def save_instance(self) -> Race:
        data = dict(self.form.cleaned_data)
        eligible = data.pop("eligible_units")
        return races.race_update(
            actor=self.request.user,
            race=Race.objects.get(pk=self.object.pk),
            eligible_units=eligible,
            **{k: v for k, v in data.items() if k in races.EDITABLE_FIELDS},
        )

    def get_success_url(self) -> str:
        return reverse("race_races:detail", args=[self.object.pk])


class StateColumn(Column):
    def get_value(self, instance: Any) -> str:
        return str(instance.get_state_display())


class RaceIndexView(ScopedIndexView):
    object_select_related = ("unit",)

    def get_edit_url(self, instance: Any) -> str | None:
        return reverse("race_races:detail", args=[instance.pk])

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

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/chi-tiet/", admin_views.RaceDetailView.as_view(), name="detail"),
            path("<int:pk>/thao-tac/", admin_views.RaceActionView.as_view(), name="action"),
        ]


# -- the review queue -------------------------------------------------------------


class ActivityIndexView(ScopedIndexView):
    object_select_related = ("registration__member", "registration__unit", "race")
    default_ordering = "created_at"

    def get_edit_url(self, instance: Any) -> str | None:
        return reverse("race_activities:review", args=[instance.pk])

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


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "warning"
    menu_label = _("Hàng chờ xem xét")
    url_prefix = "giai-chay/hoat-dong"
    name = "race_activities"
    permission_policy = activity_permission_policy
    index_view_class = ActivityIndexView
    list_filter = ["status", "race"]
    form_fields: list[str] = []
    dropped_views = frozenset(
        {"history", "history_results", "usage", "add", "edit", "delete", "copy"}
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/xem-xet/", admin_views.ActivityReviewView.as_view(), name="review"),
        ]


# -- appeals ----------------------------------------------------------------------


class AppealIndexView(ScopedIndexView):
    object_select_related = ("activity__registration__member", "race")
    default_ordering = "created_at"

    def get_edit_url(self, instance: Any) -> str | None:
        return reverse("race_appeals:decide", args=[instance.pk])

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


class AppealViewSet(ScopedModelViewSet):
    model = Appeal
    icon = "help"
    menu_label = _("Khiếu nại")
    url_prefix = "giai-chay/khieu-nai"
    name = "race_appeals"
    permission_policy = appeal_permission_policy
    index_view_class = AppealIndexView
    list_filter = ["status", "race"]
    form_fields: list[str] = []
    dropped_views = frozenset(
        {"history", "history_results", "usage", "add", "edit", "delete", "copy"}
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/tra-loi/", admin_views.AppealDecideView.as_view(), name="decide"),
        ]


class RaceMenuGroup(ViewSetGroup):
    menu_label = _("Giải chạy")
    menu_icon = "pick"
    menu_order = 280
    items = (RaceViewSet, ActivityViewSet, AppealViewSet)
