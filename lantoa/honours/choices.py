from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class Theme(models.TextChoices):
    WORKERS_MONTH = "workers_month", _("Tháng Công nhân")
    SAFETY_MONTH = "safety_month", _("Tháng hành động về an toàn, vệ sinh lao động")
    OTHER = "other", _("Đợt tôn vinh khác")


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    OPEN = "open", _("Đang nhận đề cử")
    CLOSED = "closed", _("Hết hạn đề cử")
    PUBLISHED = "published", _("Đã công bố")
    CANCELLED = "cancelled", _("Đã hủy")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Đang xét duyệt")
    RETURNED = "returned", _("Trả lại để bổ sung")
    REJECTED = "rejected", _("Không được tôn vinh")
    AWARDED = "awarded", _("Được tôn vinh")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Đồng ý, trình cấp trên")
    RETURN = "return", _("Trả lại để bổ sung")
    REJECT = "reject", _("Không đồng ý")


@audit_actions
class AuditAction(models.TextChoices):
    """What the honours app writes to the audit log (`<app>.<entity>_<verb>`)."""

    ROUND_CREATE = "honours.round_create", _("Tạo đợt tôn vinh")
    ROUND_SUBMIT = "honours.round_submit", _("Trình duyệt đợt tôn vinh")
    ROUND_APPROVE = "honours.round_approve", _("Duyệt, mở đợt tôn vinh")
    ROUND_CLOSE = "honours.round_close", _("Kết thúc nhận đề cử")
    ROUND_PUBLISH = "honours.round_publish", _("Công bố bảng vinh danh")
    ROUND_CANCEL = "honours.round_cancel", _("Hủy đợt tôn vinh")
    ROUND_CAMPAIGN_SET = "honours.round_campaign_set", _("Gắn đợt tôn vinh với chiến dịch")
    NOMINATION_CREATE = "honours.nomination_create", _("Lập đề cử tôn vinh")
    EVIDENCE_ADD = "honours.evidence_add", _("Thêm minh chứng cho đề cử")
    NOMINATION_SUBMIT = "honours.nomination_submit", _("Gửi đề cử lên xét duyệt")
    NOMINATION_APPROVE = "honours.nomination_approve", _("Đồng ý đề cử, trình cấp trên")
    NOMINATION_RETURN = "honours.nomination_return", _("Trả lại đề cử để bổ sung")
    NOMINATION_REJECT = "honours.nomination_reject", _("Không đồng ý đề cử")
    HONOUR_AWARD = "honours.honour_award", _("Tôn vinh đoàn viên")
