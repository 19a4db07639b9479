from django.db import models
from django.utils.translation import gettext_lazy as _


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
