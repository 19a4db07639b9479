"""Back office of events and programmes: "Sự kiện" → Sự kiện, Chương trình.
Rights come from `org` scoping over the organising unit (Perm.CONTENT_EDIT to
run an event or programme, Perm.CONTENT_APPROVE to approve an event and its
summary); every change goes through a service."""

from typing import Any

from django.db.models import Model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
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
from lantoa.events import admin_views, selectors
from lantoa.events.models import Event, Programme, ProgrammeSession, Question
from lantoa.events.services import gatherings, programmes
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm

event_permission_policy = content_policy(Event)
question_permission_policy = content_policy(Question, "event__unit__path")
programme_permission_policy = content_policy(Programme)
session_permission_policy = content_policy(ProgrammeSession, "unit_path")
POLICIES: dict[type[Model], BasePermissionPolicy] = {
    Event: event_permission_policy,
    Question: question_permission_policy,
    Programme: programme_permission_policy,
    ProgrammeSession: session_permission_policy,
}


class StateColumn(Column):
    def get_value(self, instance: Any) -> str:
        return str(instance.get_state_display())


# -- events -------------------------------------------------------------------------


class EventForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            if self.instance.pk is not None:
                del self.fields["unit"]  # an event stays with the unit that organises it
            elif self.for_user is not None:
                self.fields["unit"].queryset = scoping.units_for(
                    self.for_user, Perm.CONTENT_EDIT
                ).order_by("path")


def _event_panels() -> list[Any]:
    return [
        FieldPanel("unit"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Thời gian")),
        MultiFieldPanel(
            [FieldPanel("mode"), FieldPanel("venue"), FieldPanel("room_url")],
            heading=_("Hình thức"),
        ),
        FieldRowPanel(
            [FieldPanel("registration_closes_at"), FieldPanel("capacity")],
            heading=_("Đăng ký"),
        ),
        FieldPanel("questions_open"),
        MultiFieldPanel([FieldPanel("share_text"), FieldPanel("relay_down")], heading=_("Lan tỏa")),
        InlinePanel("speakers", heading=_("Diễn giả"), label=_("Diễn giả")),
        InlinePanel("agenda", heading=_("Chương trình sự kiện"), label=_("Mục chương trình")),
    ]


def _children(form: Any, name: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of an inline panel's formset, in the order the officer set,
    without deleted and untouched empty rows."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for i, child in enumerate(form.formsets[name].forms):
        data = getattr(child, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        order = data.get("ORDER")
        rows.append((order if order is not None else i, {k: data.get(k) for k in fields}))
    rows.sort(key=lambda pair: pair[0])
    return [row for _order, row in rows]


def _event_fields(form: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    return {k: v for k, v in data.items() if k in gatherings.EDITABLE_FIELDS}


class EventCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "events_events:detail"

    def save_instance(self) -> Event:
        fields = _event_fields(self.form)
        return gatherings.event_create(
            actor=self.request.user,
            unit=self.form.cleaned_data["unit"],
            title=fields.pop("title"),
            starts_at=fields.pop("starts_at"),
            ends_at=fields.pop("ends_at"),
            speakers=_children(self.form, "speakers", gatherings.SPEAKER_FIELDS),
            agenda=_children(self.form, "agenda", gatherings.AGENDA_FIELDS),
            **fields,
        )


class EventEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_url_name = "events_events:detail"

    def save_instance(self) -> Event:
        fields = _event_fields(self.form)
        return gatherings.event_update(
            actor=self.request.user,
            event=Event.objects.get(pk=self.object.pk),
            speakers=_children(self.form, "speakers", gatherings.SPEAKER_FIELDS),
            agenda=_children(self.form, "agenda", gatherings.AGENDA_FIELDS),
            **fields,
        )


class EventIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "events_events:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Tên sự kiện"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị tổ chức")),
            Column("mode", label=_("Hình thức"), accessor=lambda e: e.get_mode_display()),
            StateColumn("state", label=_("Trạng thái")),
            Column("starts_at", label=_("Bắt đầu")),
        ]


class EventViewSet(ScopedModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Các sự kiện")
    url_prefix = "su-kien/su-kien"
    name = "events_events"
    permission_policy = event_permission_policy
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    delete_view_enabled = False
    list_filter = ["state", "mode"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        return ObjectList(_event_panels(), base_form_class=EventForm).bind_to_model(Event)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/chi-tiet/", admin_views.EventDetailView.as_view(), name="detail"),
            path("<int:pk>/thao-tac/", admin_views.EventActionView.as_view(), name="action"),
            path("<int:pk>/diem-danh/", admin_views.CheckInView.as_view(), name="checkin"),
            path("<int:pk>/ban-ghi/", admin_views.ReportView.as_view(), name="report"),
            path(
                "<int:pk>/duyet-ban-ghi/",
                admin_views.ReportPublishView.as_view(),
                name="report_publish",
            ),
            path("cau-hoi/<int:pk>/", admin_views.QuestionModerateView.as_view(), name="question"),
        ]


# -- programmes ---------------------------------------------------------------------


class ProgrammeForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            if self.instance.pk is not None:
                del self.fields["unit"]
            elif self.for_user is not None:
                self.fields["unit"].queryset = scoping.units_for(
                    self.for_user, Perm.CONTENT_EDIT
                ).order_by("path")


class ProgrammeCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "events_programmes:detail"

    def save_instance(self) -> Programme:
        data = dict(self.form.cleaned_data)
        return programmes.programme_create(
            actor=self.request.user,
            unit=data.pop("unit"),
            title=data.pop("title"),
            starts_on=data.pop("starts_on"),
            **{k: v for k, v in data.items() if k in programmes.PROGRAMME_FIELDS},
        )


class ProgrammeEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_url_name = "events_programmes:detail"

    def save_instance(self) -> Programme:
        data = dict(self.form.cleaned_data)
        return programmes.programme_update(
            actor=self.request.user,
            programme=Programme.objects.get(pk=self.object.pk),
            **{k: v for k, v in data.items() if k in programmes.PROGRAMME_FIELDS},
        )


class ProgrammeIndexView(ScopedIndexView):
    """The programmes an officer works with: their own and those launched
    above them (they report sessions for them)."""

    object_select_related = ("unit",)

    def get_base_queryset(self) -> Any:
        return selectors.programmes_for_officer(self.request.user).select_related("unit")

    row_url_name = "events_programmes:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Chương trình"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị phát động")),
            Column("kind", label=_("Loại"), accessor=lambda p: p.get_kind_display()),
            Column("starts_on", label=_("Bắt đầu")),
        ]


class ProgrammeViewSet(ScopedModelViewSet):
    model = Programme
    icon = "group"
    menu_label = _("Chương trình")
    url_prefix = "su-kien/chuong-trinh"
    name = "events_programmes"
    permission_policy = programme_permission_policy
    index_view_class = ProgrammeIndexView
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    delete_view_enabled = False
    list_filter = ["kind"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        panels = [
            FieldPanel("unit"),
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Thời gian")),
        ]
        return ObjectList(panels, base_form_class=ProgrammeForm).bind_to_model(Programme)

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/chi-tiet/", admin_views.ProgrammeDetailView.as_view(), name="detail"),
            path("<int:pk>/bao-cao/", admin_views.SessionReportView.as_view(), name="report"),
            path(
                "buoi/<int:pk>/xoa/", admin_views.SessionDeleteView.as_view(), name="session_delete"
            ),
        ]


class EventsMenuGroup(ViewSetGroup):
    menu_label = _("Sự kiện và chương trình")
    menu_icon = "date"
    menu_order = 285
    items = (EventViewSet, ProgrammeViewSet)
