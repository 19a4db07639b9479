from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class ProgrammeKind(models.TextChoices):
    EXERCISE = "exercise", _("Thể dục giữa giờ")
    VISITS = "visits", _("Thăm hỏi, tặng quà")
    OTHER = "other", _("Chương trình khác")


class EventState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    CANCELLED = "cancelled", _("Đã hủy")


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    HYBRID = "hybrid", _("Trực tiếp và trực tuyến")


class ReportState(models.TextChoices):
    NONE = "none", _("Chưa có")
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")


class QuestionState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    ANSWERED = "answered", _("Đã trả lời")
    REJECTED = "rejected", _("Không đăng")


class ShareChannel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    ZALO = "zalo", "Zalo"
    TELEGRAM = "telegram", "Telegram"
    VIBER = "viber", "Viber"


@audit_actions
class AuditAction(models.TextChoices):
    """What the events app writes to the audit log (`<app>.<entity>_<verb>`)."""

    PROGRAMME_CREATE = "events.programme_create", _("Tạo chương trình")
    PROGRAMME_UPDATE = "events.programme_update", _("Sửa chương trình")
    SESSION_REPORT = "events.session_report", _("Báo cáo buổi sinh hoạt của chương trình")
    SESSION_DELETE = "events.session_delete", _("Xóa báo cáo buổi sinh hoạt")
    EVENT_CREATE = "events.event_create", _("Tạo sự kiện")
    EVENT_UPDATE = "events.event_update", _("Sửa sự kiện")
    EVENT_SUBMIT = "events.event_submit", _("Trình duyệt sự kiện")
    EVENT_APPROVE = "events.event_approve", _("Duyệt sự kiện")
    EVENT_RETURN = "events.event_return", _("Trả lại sự kiện để sửa")
    EVENT_CANCEL = "events.event_cancel", _("Hủy sự kiện")
    REGISTRATION_CREATE = "events.registration_create", _("Đăng ký tham dự sự kiện")
    REGISTRATION_CANCEL = "events.registration_cancel", _("Hủy đăng ký tham dự sự kiện")
    CHECKIN_RECORD = "events.checkin_record", _("Điểm danh tham dự sự kiện")
    QUESTION_ASK = "events.question_ask", _("Gửi câu hỏi cho sự kiện")
    QUESTION_MODERATE = "events.question_moderate", _("Duyệt câu hỏi của đoàn viên")
    REPORT_SUBMIT = "events.report_submit", _("Trình duyệt bản ghi và tóm tắt sự kiện")
    REPORT_PUBLISH = "events.report_publish", _("Đăng bản ghi và tóm tắt sự kiện")
