"""Wagtail back office of listening (docs/subsystems/listening.md): "Lắng nghe"
→ Tổng quan (dashboard), Ý kiến (triage), Cảnh báo (alerts), Nhập ý kiến.

The view classes live in `admin_views/`; registration in `wagtail_hooks.py`.
Every screen is scoped by `Perm.CONTENT_EDIT` over the user's subtree.
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.core.viewsets import ListingOnlyViewSet
from lantoa.listening.admin_views.alerts import AlertAcknowledgeView, AlertIndexView
from lantoa.listening.admin_views.common import (
    ALERTS,
    DASHBOARD,
    IMPORT,
    MODELS,
    OPINIONS,
    PERM,
    alert_permission_policy,
    opinion_permission_policy,
)
from lantoa.listening.admin_views.dashboard import DashboardView
from lantoa.listening.admin_views.importing import OpinionImportView
from lantoa.listening.admin_views.models_card import (
    ModelCardView,
    ModelRetrainView,
    ModelRollbackView,
)
from lantoa.listening.admin_views.opinions import (
    OpinionAssignView,
    OpinionDetailView,
    OpinionHandledView,
    OpinionHideView,
    OpinionIndexView,
    OpinionLabelView,
    OpinionReplyView,
)
from lantoa.listening.models import Opinion
from lantoa.org.admin_blocks import PermissionMenuViewSet

__all__ = [
    "ListeningMenuGroup",
    "alert_permission_policy",
    "opinion_permission_policy",
]


class OpinionViewSet(ListingOnlyViewSet):
    model = Opinion
    name = OPINIONS
    url_prefix = "lang-nghe/y-kien"
    icon = "comment"
    menu_label = _("Ý kiến")
    menu_name = "listening-opinions"
    index_view_class = OpinionIndexView
    inspect_view_class = OpinionDetailView
    inspect_view_enabled = True
    list_per_page = 50

    def get_urlpatterns(self) -> list[Any]:
        actions = {
            "label": OpinionLabelView,
            "assign": OpinionAssignView,
            "handled": OpinionHandledView,
            "reply": OpinionReplyView,
            "hide": OpinionHideView,
        }
        return [
            *super().get_urlpatterns(),
            *(
                path(f"{name}/<int:pk>/", self.construct_view(view), name=name)
                for name, view in actions.items()
            ),
        ]

    def register_admin_url_finder(self) -> None:
        return None


class ListeningViewSet(PermissionMenuViewSet):
    """A set of plain admin views, in the menu for whoever may triage some unit."""

    menu_perm = PERM


class DashboardViewSet(ListeningViewSet):
    name = DASHBOARD
    url_prefix = "lang-nghe/tong-quan"
    icon = "view"
    menu_label = _("Tổng quan")
    menu_name = "listening-dashboard"

    def get_urlpatterns(self) -> list[Any]:
        return [path("", DashboardView.as_view(), name="index")]


class AlertViewSet(ListeningViewSet):
    name = ALERTS
    url_prefix = "lang-nghe/canh-bao"
    icon = "warning"
    menu_label = _("Cảnh báo")
    menu_name = "listening-alerts"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", AlertIndexView.as_view(), name="index"),
            path("acknowledge/<int:pk>/", AlertAcknowledgeView.as_view(), name="acknowledge"),
        ]


class ImportViewSet(ListeningViewSet):
    name = IMPORT
    url_prefix = "lang-nghe/nhap-y-kien"
    icon = "upload"
    menu_label = _("Nhập ý kiến từ tệp")
    menu_name = "listening-import"

    def get_urlpatterns(self) -> list[Any]:
        return [path("", OpinionImportView.as_view(), name="index")]


class ModelsViewSet(ListeningViewSet):
    name = MODELS
    url_prefix = "lang-nghe/mo-hinh"
    icon = "cogs"
    menu_label = _("Mô hình phân tích")
    menu_name = "listening-models"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", ModelCardView.as_view(), name="index"),
            path("huan-luyen-lai/", ModelRetrainView.as_view(), name="retrain"),
            path("quay-lai/", ModelRollbackView.as_view(), name="rollback"),
        ]


class ListeningMenuGroup(ViewSetGroup):
    """ "Lắng nghe" in the admin menu, for whoever triages some unit's voice."""

    menu_label = _("Lắng nghe")
    menu_name = "listening"
    menu_icon = "comment"
    menu_order = 250
    items = (DashboardViewSet, OpinionViewSet, AlertViewSet, ImportViewSet, ModelsViewSet)
