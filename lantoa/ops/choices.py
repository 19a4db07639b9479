from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


@audit_actions
class OpsAction(models.TextChoices):
    """What the audit log records for members' personal data rights and the
    retention rules (Decree 13/2023)."""

    MEMBER_DATA_EXPORTED = "ops.member_data_exported", _("Xuất dữ liệu cá nhân của đoàn viên")
    MEMBER_ERASED = "ops.member_erased", _("Xoá dữ liệu cá nhân của đoàn viên")
    OPINIONS_REDACTED = "ops.opinions_redacted", _("Xoá nội dung ý kiến quá thời hạn lưu trữ")
    CHANNEL_MESSAGES_REDACTED = (
        "ops.channel_messages_redacted",
        _("Xoá nội dung bình luận, tin nhắn quá thời hạn lưu trữ"),
    )
    WEBHOOK_BODIES_DELETED = "ops.webhook_bodies_deleted", _("Xoá dữ liệu webhook quá thời hạn")
    AUDIT_ENTRIES_DELETED = "ops.audit_entries_deleted", _("Xoá nhật ký quá thời hạn lưu trữ")
    TASK_RESULTS_DELETED = "ops.task_results_deleted", _("Xoá kết quả tác vụ nền quá thời hạn")
