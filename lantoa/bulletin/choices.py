from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


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


@audit_actions
class BulletinAction(models.TextChoices):
    """What the audit log records for bulletins, issues and subscribers."""

    BULLETIN_CREATE = "bulletin.bulletin_create", _("Tạo bản tin")
    ISSUE_CREATE = "bulletin.issue_create", _("Tạo số bản tin")
    ISSUE_UPDATE = "bulletin.issue_update", _("Sửa số bản tin")
    ISSUE_ARTICLES = "bulletin.issue_articles", _("Chọn bài cho số bản tin")
    ISSUE_APPROVE = "bulletin.issue_approve", _("Duyệt số bản tin")
    ISSUE_UNAPPROVE = "bulletin.issue_unapprove", _("Bỏ duyệt số bản tin")
    ISSUE_TEST_SEND = "bulletin.issue_test_send", _("Gửi thử số bản tin")
    ISSUE_SEND = "bulletin.issue_send", _("Gửi số bản tin")
    ISSUE_SENT = "bulletin.issue_sent", _("Gửi xong số bản tin")
    SUBSCRIBER_REQUEST = "bulletin.subscriber_request", _("Đăng ký nhận bản tin")
    SUBSCRIBER_CONFIRM = "bulletin.subscriber_confirm", _("Xác nhận đăng ký nhận bản tin")
    SUBSCRIBER_PREFERENCES = "bulletin.subscriber_preferences", _("Đổi lựa chọn nhận bản tin")
    SUBSCRIBER_UNSUBSCRIBE = "bulletin.subscriber_unsubscribe", _("Hủy nhận bản tin")
    SUPPRESSION_ADD = "bulletin.suppression_add", _("Chặn gửi tới một địa chỉ")
    SUPPRESSION_REMOVE = "bulletin.suppression_remove", _("Bỏ chặn một địa chỉ")
    MAILING_SEND = "bulletin.mailing_send", _("Gửi thư tới danh sách người nhận")
    MAILING_SENT = "bulletin.mailing_sent", _("Gửi xong thư tới danh sách người nhận")
