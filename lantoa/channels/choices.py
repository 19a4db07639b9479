from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class Platform(models.TextChoices):
    FACEBOOK_PAGE = "facebook_page", _("Facebook Page")
    ZALO_OA = "zalo_oa", _("Zalo OA")
    VIBER_CHANNEL = "viber_channel", _("Viber Channel")
    TELEGRAM_CHANNEL = "telegram_channel", _("Telegram Channel")
    EMAIL_LIST = "email_list", _("Danh sách e-mail")
    WEBSITE = "website", _("Website của đơn vị")


SOCIAL_PLATFORMS = frozenset(
    {Platform.FACEBOOK_PAGE, Platform.ZALO_OA, Platform.VIBER_CHANNEL, Platform.TELEGRAM_CHANNEL}
)


class AccountState(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    PAUSED = "paused", _("Tạm dừng")
    BROKEN = "broken", _("Lỗi kết nối")


class PostSource(models.TextChoices):
    MANUAL = "manual", _("Soạn trực tiếp")
    ARTICLE = "article", _("Bài viết trên website")
    DIRECTIVE = "directive", _("Định hướng tuyên truyền")
    INCIDENT = "incident", _("Phản hồi sự cố thông tin")
    BULLETIN = "bulletin", _("Bản tin")


class PostStatus(models.TextChoices):
    """Where a post stands in the unit's approval (the same steps as articles):
    nothing reaches a channel before `APPROVED`."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    CHANGES_REQUESTED = "changes_requested", _("Yêu cầu sửa")
    APPROVED = "approved", _("Đã duyệt")


class DeliveryStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã hẹn giờ")
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã đăng")
    RETRYING = "retrying", _("Chờ thử lại")
    FAILED = "failed", _("Thất bại")
    UNCERTAIN = "uncertain", _("Chưa rõ kết quả")
    CANCELLED = "cancelled", _("Đã huỷ")
    DELETED = "deleted", _("Đã gỡ khỏi nền tảng")


# Deliveries a worker may pick up; everything else is settled or waiting for a person.
SENDABLE_STATUSES = frozenset({DeliveryStatus.QUEUED, DeliveryStatus.RETRYING})
EDITABLE_STATUSES = frozenset(
    {DeliveryStatus.SCHEDULED, DeliveryStatus.QUEUED, DeliveryStatus.RETRYING}
)


class AttemptOutcome(models.TextChoices):
    PENDING = "pending", _("Đang chờ nền tảng trả lời")
    SENT = "sent", _("Đã đăng")
    TRANSIENT = "transient", _("Lỗi tạm thời")
    PERMANENT = "permanent", _("Lỗi không thể thử lại")
    AUTH = "auth", _("Token không còn hợp lệ")
    UNCERTAIN = "uncertain", _("Không rõ kết quả")
    RECONCILED = "reconciled", _("Đã đối soát: bài đã có trên nền tảng")
    NOT_FOUND = "not_found", _("Đã đối soát: bài chưa có trên nền tảng")


@audit_actions
class ChannelAction(models.TextChoices):
    """What the audit log records for channels, posts and deliveries."""

    ACCOUNT_CONNECT = "channels.account_connect", _("Kết nối kênh")
    ACCOUNT_CREDENTIALS = "channels.account_credentials", _("Cập nhật thông tin xác thực của kênh")
    ACCOUNT_STATE = "channels.account_state", _("Đổi trạng thái kênh")
    ACCOUNT_SETTINGS = "channels.account_settings", _("Sửa cài đặt kênh")
    ACCOUNT_WEBHOOK = "channels.account_webhook", _("Đăng ký nhận sự kiện từ nền tảng")
    TOKEN_REFRESH = "channels.token_refresh", _("Gia hạn mã truy cập của kênh")
    TOKEN_REFRESH_FAILED = (
        "channels.token_refresh_failed",
        _("Gia hạn mã truy cập không thành công"),
    )
    AUTOPOST_SETTINGS = "channels.autopost_settings", _("Cài đặt tự động đăng bài")
    AUTOPOST_OVERRIDE = "channels.autopost_override", _("Chọn kênh đăng riêng cho một bài viết")
    POST_CREATE = "channels.post_create", _("Tạo bài đăng")
    POST_UPDATE = "channels.post_update", _("Sửa bài đăng")
    POST_SCHEDULE = "channels.post_schedule", _("Lên lịch đăng bài")
    POST_SUBMIT = "channels.post_submit", _("Gửi duyệt bài đăng")
    POST_APPROVE = "channels.post_approve", _("Duyệt bài đăng")
    POST_REQUEST_CHANGES = "channels.post_request_changes", _("Yêu cầu sửa bài đăng")
    POST_METRICS_REFRESH = "channels.post_metrics_refresh", _("Cập nhật số liệu bài đăng")
    DELIVERY_CANCEL = "channels.delivery_cancel", _("Hủy lượt đăng")
    DELIVERY_EDIT = "channels.delivery_edit", _("Sửa lượt đăng")
    DELIVERY_RETRY = "channels.delivery_retry", _("Đăng lại")
    DELIVERY_RESOLVE = "channels.delivery_resolve", _("Xác nhận lượt đăng chưa rõ kết quả")
    DELIVERY_DELETE = "channels.delivery_delete", _("Gỡ bài đã đăng khỏi nền tảng")
    INBOUND_REPLY = "channels.inbound_reply", _("Trả lời bình luận, tin nhắn")
    INBOUND_HIDE = "channels.inbound_hide", _("Ẩn bình luận trên nền tảng")
    INBOUND_DELETE = "channels.inbound_delete", _("Xoá bình luận trên nền tảng")
