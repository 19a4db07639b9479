"""Listening's system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

ANALYSE_PENDING = system_actor("listening.analyse_pending", _("Phân tích ý kiến còn chờ"))
INGEST_CHANNELS = system_actor(
    "listening.ingest_channels", _("Nhận bình luận, tin nhắn từ các kênh")
)
FOLLOW_SOURCE_CHANGES = system_actor(
    "listening.follow_source_changes", _("Cập nhật ý kiến khi bình luận được sửa, gỡ")
)
DETECT_SPIKES = system_actor("listening.detect_spikes", _("Phát hiện ý kiến tăng đột biến"))
ESCALATE_ALERTS = system_actor(
    "listening.escalate_alerts", _("Báo cấp trên cảnh báo chưa được xác nhận")
)
MANAGE_MODELS = system_actor(
    "listening.manage_models", _("Huấn luyện lại, quay lại mô hình (lệnh quản trị)")
)
