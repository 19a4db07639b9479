from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class ContestState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    CANCELLED = "cancelled", _("Đã hủy")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Được dự thi")
    REJECTED = "rejected", _("Không được dự thi")
    WITHDRAWN = "withdrawn", _("Đã rút")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Chưa mở")
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã kết thúc")


class BurstStatus(models.TextChoices):
    OPEN = "open", _("Cần xem xét")
    DISMISSED = "dismissed", _("Không có bất thường")


@audit_actions
class AuditAction(models.TextChoices):
    """What the photo contest writes to the audit log (`<app>.<entity>_<verb>`)."""

    CONTEST_CREATE = "contests.contest_create", _("Tạo cuộc thi ảnh")
    CONTEST_UPDATE = "contests.contest_update", _("Sửa cuộc thi ảnh")
    CONTEST_SUBMIT = "contests.contest_submit", _("Trình duyệt cuộc thi ảnh")
    CONTEST_APPROVE = "contests.contest_approve", _("Duyệt cuộc thi ảnh")
    CONTEST_RETURN = "contests.contest_return", _("Trả lại cuộc thi ảnh để sửa")
    CONTEST_CANCEL = "contests.contest_cancel", _("Hủy cuộc thi ảnh")
    ENTRY_SUBMIT = "contests.entry_submit", _("Gửi ảnh dự thi")
    ENTRY_WITHDRAW = "contests.entry_withdraw", _("Rút ảnh dự thi")
    ENTRY_APPROVE = "contests.entry_approve", _("Duyệt ảnh dự thi")
    ENTRY_REJECT = "contests.entry_reject", _("Loại ảnh dự thi")
    JUROR_APPOINT = "contests.juror_appoint", _("Mời thành viên ban giám khảo")
    JUROR_REMOVE = "contests.juror_remove", _("Bỏ thành viên ban giám khảo")
    ROUND_CREATE = "contests.round_create", _("Tạo vòng chấm")
    ROUND_OPEN = "contests.round_open", _("Mở vòng chấm")
    ROUND_CLOSE = "contests.round_close", _("Kết thúc vòng chấm")
    SCORE_SUBMIT = "contests.score_submit", _("Chấm điểm ảnh dự thi")
    VOTE_CAST = "contests.vote_cast", _("Bình chọn ảnh dự thi")
    BURST_DETECT = "contests.burst_detect", _("Phát hiện bình chọn dồn dập")
    BURST_DISMISS = "contests.burst_dismiss", _("Xác nhận bình chọn dồn dập không bất thường")
    RESULTS_COMPUTE = "contests.results_compute", _("Tính kết quả cuộc thi ảnh")
    RESULTS_PUBLISH = "contests.results_publish", _("Công bố kết quả cuộc thi ảnh")
