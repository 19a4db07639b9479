"""The newsroom's system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

PERMISSIONS_SYNC = system_actor("newsroom.permissions_sync", _("Đồng bộ quyền trang tin"))
"""Keeps Wagtail's groups and workflows in line with the org roles (login, role change, command)."""

ARTICLE_SHARE = system_actor("newsroom.article_share", _("Tự động đăng bài viết lên các kênh"))
"""Shares a just-published article on its unit's auto-post channels."""

PUBLICATIONS_REANNOUNCE = system_actor(
    "newsroom.publications_reannounce", _("Báo lại bài viết đã xuất bản còn sót")
)
"""Announces again the publications of the last day that were never announced."""

LISTINGS_SYNC = system_actor(
    "newsroom.listings_sync", _("Đề nghị đăng tin vào chuyên mục khi xuất bản")
)
"""Turns the sections ticked on a just-published article into listings (requests)."""

PUBLISH_SCHEDULED = system_actor("newsroom.publish_scheduled", _("Xuất bản, gỡ trang theo giờ hẹn"))
"""Publishes pages whose go-live time has come and unpublishes expired ones."""
