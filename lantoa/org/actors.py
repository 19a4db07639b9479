"""The organisation's system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

MEMBER_IMPORTS_PRUNE = system_actor(
    "org.member_imports_prune", _("Dọn tệp danh sách đoàn viên chưa xác nhận")
)
PASSWORD_RESET = system_actor("org.password_reset", _("Gửi thư đặt lại mật khẩu"))
