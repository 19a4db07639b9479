"""Press relations' system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

RELEASE_DISPATCH = system_actor(
    "press.release_dispatch", _("Gửi thông cáo báo chí đã hẹn giờ (sau giờ cấm đăng)")
)
FEEDS_POLL = system_actor("press.feeds_poll", _("Đọc tin mới từ RSS/Atom của các cơ quan báo chí"))
