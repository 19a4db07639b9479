"""Registration only: press relations' permission policies, admin screens
and the coverage report (classes in `press.viewsets` and `press.admin_views`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.press import admin_views
from lantoa.press.viewsets import POLICIES, PressMenuGroup

for _model, _policy in POLICIES.items():
    register_permission_policy(_model, _policy)


@hooks.register("register_admin_viewset")
def register_press_admin() -> PressMenuGroup:
    return PressMenuGroup()


@hooks.register("register_admin_urls")
def register_report_urls() -> list:
    return [path("bao-chi/bao-cao/", admin_views.CoverageReportView.as_view(), name="press_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return scoping.user_has_any(request.user, Perm.CONTENT_EDIT)


@hooks.register("register_reports_menu_item")
def register_report_menu_item() -> MenuItem:
    return ReportMenuItem(
        _("Báo chí phản ánh"), reverse("press_report"), icon_name="doc-full", order=700
    )
