"""Registration only: advocacy's permission policy, admin screens and menu
items (classes in `advocacy.viewsets` and `advocacy.admin_views`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from lantoa.advocacy import admin_views
from lantoa.advocacy.models import ShareKit
from lantoa.advocacy.viewsets import AdvocacyMenuGroup, kit_permission_policy
from lantoa.org import scoping
from lantoa.org.choices import Perm

register_permission_policy(ShareKit, kit_permission_policy)


@hooks.register("register_admin_viewset")
def register_advocacy_admin() -> AdvocacyMenuGroup:
    return AdvocacyMenuGroup()


@hooks.register("register_admin_urls")
def register_advocacy_urls() -> list:
    return [
        path("lan-toa/bang-xep-hang/", admin_views.BoardsView.as_view(), name="advocacy_boards"),
        path(
            "lan-toa/quy-dinh/<int:pk>/", admin_views.PolicyView.as_view(), name="advocacy_policy"
        ),
    ]


class BoardsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return scoping.user_has_any(request.user, Perm.CONTENT_EDIT)


@hooks.register("register_reports_menu_item")
def register_boards_menu_item() -> MenuItem:
    return BoardsMenuItem(
        _("Bảng xếp hạng chia sẻ"), reverse("advocacy_boards"), icon_name="link", order=710
    )
