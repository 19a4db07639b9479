"""Analytics' system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

REFRESH = system_actor("analytics.refresh", _("Cập nhật số liệu"))
REBUILD = system_actor("analytics.rebuild", _("Tính lại toàn bộ số liệu"))
DASHBOARD = system_actor("analytics.dashboard", _("Bảng số liệu của đơn vị"))
"""Reads a unit's own campaigns for its dashboard: they address the unit's
subtree only, whose figures the dashboard's reader was checked for
(`unit_for_user`), so it counts them whole."""
FACTS_FOLLOW = system_actor(
    "analytics.facts_follow", _("Ghi nhận thay đổi cần cập nhật vào số liệu")
)
