from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    APPROVED = "approved", _("Đã duyệt")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    # Claimed by a worker: the intent is recorded, the SMTP answer not yet.
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")


class SubscriberState(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    UNSUBSCRIBED = "unsubscribed", _("Đã hủy đăng ký")


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("Thư bị trả lại (vĩnh viễn)")
    COMPLAINT = "complaint", _("Người nhận báo thư rác")
    MANUAL = "manual", _("Nhập thủ công")
