"""Advocacy's system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

CLICKS_DRAIN = system_actor("advocacy.clicks_drain", _("Ghi lượt bấm liên kết chia sẻ vào CSDL"))
DIGEST = system_actor("advocacy.digest", _("Gửi thư tổng hợp hằng tuần cho đại sứ"))
KEYS_FORGET = system_actor("advocacy.keys_forget", _("Hủy khóa băm lượt bấm của ngày đã qua"))
REDIRECT = system_actor("advocacy.redirect", _("Chuyển tiếp liên kết chia sẻ"))
