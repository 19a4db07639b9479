"""Wagtail back office of analytics (docs/subsystems/analytics.md): "Số liệu"
→ Độ phủ và tiếp cận (dashboard with its exports), Con số nhiệm kỳ.

The view classes live in `admin_views/`; registration in `wagtail_hooks.py`.
Every screen is scoped by `Perm.UNIT_VIEW` over the user's subtree.
"""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.analytics.admin_views.common import DASHBOARD, TERM
from lantoa.analytics.admin_views.dashboard import DashboardView, PdfExportView, XlsxExportView
from lantoa.analytics.admin_views.term import TermNumbersView
from lantoa.analytics.selectors import PERM
from lantoa.org.admin_blocks import PermissionMenuViewSet


class AnalyticsViewSet(PermissionMenuViewSet):
    menu_perm = PERM


class DashboardViewSet(AnalyticsViewSet):
    name = DASHBOARD
    url_prefix = "so-lieu/do-phu"
    icon = "table"
    menu_label = _("Độ phủ và tiếp cận")
    menu_name = "analytics-dashboard"

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", DashboardView.as_view(), name="index"),
            path("xlsx/", XlsxExportView.as_view(), name="xlsx"),
            path("pdf/", PdfExportView.as_view(), name="pdf"),
        ]


class TermNumbersViewSet(AnalyticsViewSet):
    name = TERM
    url_prefix = "so-lieu/con-so-nhiem-ky"
    icon = "pick"
    menu_label = _("Con số nhiệm kỳ")
    menu_name = "analytics-term"

    def get_urlpatterns(self) -> list[Any]:
        return [path("", TermNumbersView.as_view(), name="index")]


class AnalyticsMenuGroup(ViewSetGroup):
    """ "Số liệu" in the admin menu, for whoever reads some unit's figures."""

    menu_label = _("Số liệu")
    menu_name = "analytics"
    menu_icon = "table"
    menu_order = 280
    items = (DashboardViewSet, TermNumbersViewSet)
