"""Wagtail back office of incidents: "Ứng phó sự cố" → Sự cố, Tin báo,
Dữ kiện, Kịch bản, Kênh nhận tin báo, Chỉ số.

The view classes live in `admin_views/`; registration in `wagtail_hooks.py`.
Every screen is scoped through `incidents.permissions` (so `org.scoping`)."""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.core.viewsets import ScopedModelViewSet
from lantoa.incidents.admin_views import incidents as views
from lantoa.incidents.admin_views import library, reports
from lantoa.incidents.admin_views.common import (
    FACTS,
    INCIDENTS,
    INDICATORS,
    PLAYBOOKS,
    REPORTS,
    TIPLINES,
)
from lantoa.incidents.admin_views.indicators import IndicatorsView
from lantoa.incidents.forms import FactForm, PlaybookForm, TiplineForm
from lantoa.incidents.models import Fact, Playbook, Tipline
from lantoa.org.admin_blocks import PermissionMenuViewSet
from lantoa.org.choices import Perm


class IncidentViewSet(PermissionMenuViewSet):
    name = INCIDENTS
    url_prefix = "su-co/su-co"
    icon = "warning"
    menu_label = _("Sự cố thông tin")
    menu_name = "incidents-incidents"
    menu_perm = Perm.CONTENT_EDIT

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", views.IncidentIndexView.as_view(), name="index"),
            path("mo/", views.IncidentOpenView.as_view(), name="open"),
            path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
            path("<int:pk>/phan-loai/", views.IncidentTriageView.as_view(), name="triage"),
            path("<int:pk>/ghi-chu/", views.IncidentNoteView.as_view(), name="note"),
            path("<int:pk>/ket-thuc/", views.IncidentResolveView.as_view(), name="resolve"),
            path("<int:pk>/dong/", views.IncidentCloseView.as_view(), name="close"),
            path("<int:pk>/mo-lai/", views.IncidentReopenView.as_view(), name="reopen"),
            path("<int:pk>/bao-len/", views.IncidentEscalateView.as_view(), name="escalate"),
            path("<int:pk>/tiep-quan/", views.IncidentTakeOverView.as_view(), name="takeover"),
            path("<int:pk>/kich-ban/", views.IncidentPlaybookView.as_view(), name="playbook"),
            path("<int:pk>/them-tin-bao/", views.IncidentAttachView.as_view(), name="attach"),
            path(
                "<int:pk>/tin-bao/<int:report>/go/",
                views.RemovalRequestView.as_view(),
                name="removal_request",
            ),
            path("<int:pk>/bao-cao.pdf", views.IncidentReportPdfView.as_view(), name="report_pdf"),
            path("thong-bao/<int:pk>/da-xem/", views.NoticeReadView.as_view(), name="notice_read"),
            path(
                "<int:pk>/buoc/<int:step>/xong/",
                views.StepCompleteView.as_view(),
                name="step_complete",
            ),
            path(
                "<int:pk>/buoc/<int:step>/bo-qua/", views.StepSkipView.as_view(), name="step_skip"
            ),
            path(
                "<int:pk>/phan-hoi/<int:response>/sua/",
                views.ResponseEditView.as_view(),
                name="response_edit",
            ),
            path(
                "<int:pk>/phan-hoi/<int:response>/trinh/",
                views.ResponseSubmitView.as_view(),
                name="response_submit",
            ),
            path(
                "<int:pk>/phan-hoi/<int:response>/duyet/",
                views.ResponseApproveView.as_view(),
                name="response_approve",
            ),
            path(
                "<int:pk>/phan-hoi/<int:response>/tra-lai/",
                views.ResponseReturnView.as_view(),
                name="response_return",
            ),
            path(
                "<int:pk>/phan-hoi/<int:response>/dang/",
                views.ResponsePublishView.as_view(),
                name="response_publish",
            ),
        ]


class ReportViewSet(PermissionMenuViewSet):
    name = REPORTS
    url_prefix = "su-co/tin-bao"
    icon = "mail"
    menu_label = _("Tin báo")
    menu_name = "incidents-reports"
    menu_perm = Perm.CONTENT_EDIT

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", reports.ReportIndexView.as_view(), name="index"),
            path("bao-tin/", reports.ReportCreateView.as_view(), name="add"),
            path("<int:pk>/bo-qua/", reports.ReportDismissView.as_view(), name="dismiss"),
            path("<int:pk>/tep/<str:which>/", reports.ReportFileView.as_view(), name="file"),
        ]


class FactViewSet(ScopedModelViewSet):
    model = Fact
    name = FACTS
    url_prefix = "su-co/du-kien"
    icon = "doc-full"
    menu_label = _("Dữ kiện đã kiểm chứng")
    menu_name = "incidents-facts"
    index_view_class = library.FactIndexView
    add_view_class = library.FactCreateView
    edit_view_class = library.FactEditView
    list_per_page = 50
    delete_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("statement"),
            FieldPanel("details"),
            FieldPanel("keywords"),
            FieldPanel("category"),
            FieldPanel("sources_text"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        ],
        base_form_class=FactForm,
    )


class PlaybookViewSet(ScopedModelViewSet):
    model = Playbook
    name = PLAYBOOKS
    url_prefix = "su-co/kich-ban"
    icon = "list-ol"
    menu_label = _("Kịch bản ứng phó")
    menu_name = "incidents-playbooks"
    index_view_class = library.PlaybookIndexView
    add_view_class = library.PlaybookCreateView
    edit_view_class = library.PlaybookEditView
    list_per_page = 50
    delete_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("category"),
            FieldRowPanel([FieldPanel("min_severity"), FieldPanel("max_severity")]),
            FieldPanel("active"),
            InlinePanel(
                "steps",
                label=_("Bước"),
                heading=_("Các bước, theo thứ tự"),
                panels=[
                    FieldPanel("order"),
                    FieldPanel("title"),
                    FieldPanel("instructions"),
                    FieldPanel("role"),
                    FieldPanel("due_minutes"),
                    FieldPanel("holding_statement"),
                    FieldPanel("counts_as_response"),
                ],
            ),
        ],
        base_form_class=PlaybookForm,
    )


class TiplineViewSet(ScopedModelViewSet):
    model = Tipline
    name = TIPLINES
    url_prefix = "su-co/kenh-nhan-tin"
    icon = "mail"
    menu_label = _("Kênh nhận tin báo")
    menu_name = "incidents-tiplines"
    index_view_class = library.TiplineIndexView
    add_view_class = library.TiplineCreateView
    edit_view_class = library.TiplineEditView
    list_per_page = 50
    delete_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("account"),
            FieldPanel("unit"),
            FieldPanel("keyword"),
            FieldPanel("acknowledgement"),
            FieldPanel("active"),
        ],
        base_form_class=TiplineForm,
    )


class IndicatorsViewSet(PermissionMenuViewSet):
    name = INDICATORS
    url_prefix = "su-co/chi-so"
    icon = "table"
    menu_label = _("Chỉ số")
    menu_name = "incidents-indicators"
    menu_perm = Perm.CONTENT_EDIT

    def get_urlpatterns(self) -> list[Any]:
        return [path("", IndicatorsView.as_view(), name="index")]


class IncidentsMenuGroup(ViewSetGroup):
    """ "Ứng phó sự cố" in the admin menu, for whoever manages some unit's content."""

    menu_label = _("Ứng phó sự cố")
    menu_name = "incidents"
    menu_icon = "warning"
    menu_order = 230
    items = (
        IncidentViewSet,
        ReportViewSet,
        FactViewSet,
        PlaybookViewSet,
        TiplineViewSet,
        IndicatorsViewSet,
    )
