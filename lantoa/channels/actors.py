"""The channels' system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

OUTBOX_SWEEP = system_actor("channels.outbox_sweep", _("Quét hàng đợi đăng bài"))
INBOUND_SWEEP = system_actor("channels.inbound_sweep", _("Xử lý lại sự kiện nhận từ nền tảng"))
TOKENS_REFRESH = system_actor("channels.tokens_refresh", _("Gia hạn mã truy cập định kỳ"))
METRICS_PULL = system_actor("channels.metrics_pull", _("Lấy số liệu bài đăng"))
TOKEN_RENEWAL = system_actor(
    "channels.token_renewal", _("Gia hạn mã truy cập khi nền tảng từ chối")
)
WEBHOOK_SECRET = system_actor(
    "channels.webhook_secret", _("Cấp khoá bí mật webhook cho kênh kết nối trước đây")
)
