"""Wagtail back office of campaigns: "Chiến dịch" → Chiến dịch, Lịch nội
dung, Kế hoạch, Định hướng, Nhiệm vụ.

The view classes live in `admin_views/`; registration in `wagtail_hooks.py`.
Every screen is scoped through `campaigns.permissions` (so `org.scoping`).
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.campaigns.admin_views.calendar import CalendarView, WeekView
from lantoa.campaigns.admin_views.campaigns import (
    CampaignCreateView,
    CampaignDetailView,
    CampaignEditView,
    CampaignIndexView,
    PlanItemCreateView,
    PlanItemEditView,
    PlanItemIndexView,
)
from lantoa.campaigns.admin_views.common import CALENDAR, CAMPAIGNS, DIRECTIVES, PLANS, TASKS
from lantoa.campaigns.admin_views.directives import (
    DirectiveComplianceView,
    DirectiveDetailView,
    DirectiveEditView,
    DirectiveFormView,
    DirectiveIndexView,
    DirectiveSendView,
    DirectiveSubmitView,
)
from lantoa.campaigns.admin_views.tasks import (
    NoticeReadView,
    TaskAcknowledgeView,
    TaskAdoptView,
    TaskDetailView,
    TaskIndexView,
    TaskProofScreenshotView,
)
from lantoa.campaigns.forms import CampaignForm, PlanItemForm
from lantoa.campaigns.models import Campaign, PlanItem
from lantoa.core.viewsets import ScopedModelViewSet
from lantoa.org.admin_blocks import PermissionMenuViewSet
from lantoa.org.choices import Perm


class CampaignViewSet(ScopedModelViewSet):
    model = Campaign
    name = CAMPAIGNS
    url_prefix = "chien-dich/chien-dich"
    icon = "calendar-alt"
    menu_label = _("Chiến dịch")
    menu_name = "campaigns-campaigns"
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    inspect_view_class = CampaignDetailView
    inspect_view_enabled = True
    list_per_page = 50
    delete_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Thời gian")),
            FieldPanel("target_unit"),
            FieldPanel("key_messages"),
            FieldPanel("hashtags"),
            MultiFieldPanel(
                [
                    FieldPanel("goal_articles"),
                    FieldPanel("goal_posts"),
                    FieldPanel("goal_reach"),
                    FieldPanel("goal_participants"),
                    FieldPanel("goal_unit_share"),
                ],
                heading=_("Mục tiêu"),
            ),
            InlinePanel("phases", label=_("Giai đoạn"), heading=_("Các giai đoạn")),
        ],
        base_form_class=CampaignForm,
    )


class PlanItemViewSet(ScopedModelViewSet):
    model = PlanItem
    name = PLANS
    url_prefix = "chien-dich/ke-hoach"
    icon = "list-ul"
    menu_label = _("Kế hoạch nội dung")
    menu_name = "campaigns-plans"
    index_view_class = PlanItemIndexView
    add_view_class = PlanItemCreateView
    edit_view_class = PlanItemEditView
    list_per_page = 50
    delete_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("title"),
            FieldPanel("channel"),
            FieldPanel("due_at"),
            FieldPanel("assignee"),
            FieldPanel("campaign"),
            FieldPanel("phase"),
            FieldPanel("notes"),
            FieldPanel("state"),
        ],
        base_form_class=PlanItemForm,
    )


class CampaignsPlainViewSet(PermissionMenuViewSet):
    """A set of plain admin views, in the menu for whoever manages some unit's content."""

    menu_perm = Perm.CONTENT_EDIT


class CalendarViewSet(CampaignsPlainViewSet):
    name = CALENDAR
    url_prefix = "chien-dich/lich"
    icon = "date"
    menu_label = _("Lịch nội dung")
    menu_name = "campaigns-calendar"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", CalendarView.as_view(), name="index"),
            path("tuan/", WeekView.as_view(), name="week"),
        ]


class DirectiveViewSet(CampaignsPlainViewSet):
    name = DIRECTIVES
    url_prefix = "chien-dich/dinh-huong"
    icon = "mail"
    menu_label = _("Định hướng tuyên truyền")
    menu_name = "campaigns-directives"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", DirectiveIndexView.as_view(), name="index"),
            path("soan/", DirectiveFormView.as_view(), name="add"),
            path("<int:pk>/", DirectiveDetailView.as_view(), name="detail"),
            path("<int:pk>/sua/", DirectiveEditView.as_view(), name="edit"),
            path("<int:pk>/gui/", DirectiveSendView.as_view(), name="send"),
            path("<int:pk>/gui-duyet/", DirectiveSubmitView.as_view(), name="submit"),
            path("<int:pk>/ket-qua/", DirectiveComplianceView.as_view(), name="compliance"),
        ]


class TaskViewSet(CampaignsPlainViewSet):
    name = TASKS
    url_prefix = "chien-dich/nhiem-vu"
    icon = "tasks"
    menu_label = _("Nhiệm vụ được giao")
    menu_name = "campaigns-tasks"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", TaskIndexView.as_view(), name="index"),
            path("<int:pk>/", TaskDetailView.as_view(), name="detail"),
            path("<int:pk>/tiep-nhan/", TaskAcknowledgeView.as_view(), name="acknowledge"),
            path("<int:pk>/tao-ban-thao/", TaskAdoptView.as_view(), name="adopt"),
            path(
                "<int:pk>/minh-chung/<int:proof_pk>/anh/",
                TaskProofScreenshotView.as_view(),
                name="proof_screenshot",
            ),
            path("thong-bao/<int:pk>/da-xem/", NoticeReadView.as_view(), name="notice_read"),
        ]


class CampaignsMenuGroup(ViewSetGroup):
    """ "Chiến dịch" in the admin menu, for whoever manages some unit's content."""

    menu_label = _("Chiến dịch")
    menu_name = "campaigns"
    menu_icon = "calendar-alt"
    menu_order = 220
    items = (CampaignViewSet, CalendarViewSet, PlanItemViewSet, DirectiveViewSet, TaskViewSet)
