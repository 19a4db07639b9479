"""Choices of the incidents app, and its audit actions (`incidents.<entity>_<verb>`)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions

StrOrPromise = str | Promise


class Severity(models.IntegerChoices):
    """How bad an incident is; the definitions are shown wherever one is chosen."""

    LOW = 1, _("1 — Thấp")
    MEDIUM = 2, _("2 — Trung bình")
    HIGH = 3, _("3 — Cao")
    CRITICAL = 4, _("4 — Nghiêm trọng")


SEVERITY_DEFINITIONS: dict[int, StrOrPromise] = {
    Severity.LOW: _(
        "Lan truyền hẹp (một nhóm, một trang cá nhân), chưa có người tin hay chia sẻ lại; "
        "theo dõi và ghi nhận."
    ),
    Severity.MEDIUM: _(
        "Đang được chia sẻ trong đơn vị hoặc vài nhóm; có người hỏi lại công đoàn; "
        "cần thông tin chính thức trong ngày."
    ),
    Severity.HIGH: _(
        "Lan ra ngoài đơn vị, có trang lớn hoặc báo chí hỏi; ảnh hưởng uy tín tổ chức hoặc "
        "lãnh đạo; cần trả lời trong vài giờ và báo cấp trên."
    ),
    Severity.CRITICAL: _(
        "Lan truyền mạnh, gây hoang mang hoặc nguy cơ mất an ninh, an toàn; lộ tài liệu mật; "
        "mạo danh lãnh đạo để lừa đảo; cấp trên chỉ đạo trực tiếp."
    ),
}


class Category(models.TextChoices):
    FALSE_CLAIM = "false_claim", _("Thông tin sai sự thật")
    DISTORTION = "distortion", _("Xuyên tạc chủ trương, chính sách")
    TOXIC_ATTACK = "toxic_attack", _("Công kích, xúc phạm")
    LEAK = "leak", _("Lộ lọt tài liệu nội bộ")
    IMPERSONATION = "impersonation", _("Mạo danh công đoàn hoặc lãnh đạo")
    OTHER = "other", _("Khác")


class Platform(models.TextChoices):
    """Where the harmful content lives (not only our own channels)."""

    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    TELEGRAM = "telegram", _("Telegram")
    VIBER = "viber", _("Viber")
    WEBSITE = "website", _("Trang web, báo điện tử")
    OTHER = "other", _("Khác")


class ReportSource(models.TextChoices):
    OFFICER = "officer", _("Cán bộ báo cáo")
    MEMBER_FORM = "member_form", _("Đoàn viên báo qua biểu mẫu")
    TIPLINE = "tipline", _("Tin báo qua kênh nhắn tin")
    ALERT = "alert", _("Cảnh báo ý kiến")
    OPINION = "opinion", _("Ý kiến, bình luận")


class ReportState(models.TextChoices):
    NEW = "new", _("Chờ xem xét")
    ATTACHED = "attached", _("Đã đưa vào sự cố")
    DISMISSED = "dismissed", _("Không phải sự cố")


class SnapshotState(models.TextChoices):
    PENDING = "pending", _("Đang lưu")
    DONE = "done", _("Đã lưu")
    FAILED = "failed", _("Không lưu được")


class IncidentState(models.TextChoices):
    OPEN = "open", _("Mới tiếp nhận")
    RESPONDING = "responding", _("Đang ứng phó")
    RESOLVED = "resolved", _("Đã xử lý xong")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATES = frozenset({IncidentState.OPEN, IncidentState.RESPONDING})


class StepRole(models.TextChoices):
    """Who carries out a playbook step (the unit's roles, plus its leadership)."""

    OFFICER = "officer", _("Cán bộ tuyên giáo")
    APPROVER = "approver", _("Người duyệt")
    LEADER = "leader", _("Lãnh đạo công đoàn")
    LEGAL = "legal", _("Cán bộ pháp chế")


class StepState(models.TextChoices):
    PENDING = "pending", _("Chưa làm")
    DONE = "done", _("Đã xong")
    SKIPPED = "skipped", _("Bỏ qua")


class EscalationReason(models.TextChoices):
    STEP_LATE = "step_late", _("Bước ứng phó quá hạn")
    SEVERITY_RAISED = "severity_raised", _("Mức độ nghiêm trọng tăng")
    MANUAL = "manual", _("Cán bộ báo lên cấp trên")


class NoticeKind(models.TextChoices):
    ESCALATED = "escalated", _("Sự cố được báo lên")
    STEP_LATE = "step_late", _("Bước ứng phó quá hạn")
    RESPONSE_SUBMITTED = "response_submitted", _("Phản hồi chờ duyệt")
    FACT_EXPIRED = "fact_expired", _("Dữ kiện hết hiệu lực")


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    PUBLISHED = "published", _("Đã đăng")


class RemovalMethod(models.TextChoices):
    """How the platform is asked to take harmful content down."""

    HIDE = "hide", _("Ẩn bình luận (qua API của nền tảng)")
    DELETE = "delete", _("Xoá bình luận (qua API của nền tảng)")
    PLATFORM_REPORT = "platform_report", _("Đã báo cáo vi phạm với nền tảng (cán bộ tự gửi)")


class TimelineKind(models.TextChoices):
    OPENED = "opened", _("Mở sự cố")
    REPORT = "report", _("Tin báo")
    SNAPSHOT = "snapshot", _("Lưu bằng chứng")
    TRIAGE = "triage", _("Phân loại")
    SEVERITY = "severity", _("Đổi mức độ")
    PLAYBOOK = "playbook", _("Kịch bản ứng phó")
    STEP = "step", _("Bước ứng phó")
    STEP_LATE = "step_late", _("Quá hạn")
    ESCALATION = "escalation", _("Báo lên cấp trên")
    TAKEOVER = "takeover", _("Cấp trên tiếp quản")
    RESPONSE = "response", _("Phản hồi")
    PUBLISHED = "published", _("Đăng phản hồi")
    REPLY = "reply", _("Trả lời người báo tin")
    REMOVAL = "removal", _("Đề nghị gỡ, ẩn nội dung")
    NOTE = "note", _("Ghi chú")
    STATE = "state", _("Trạng thái")


@audit_actions
class IncidentAction(models.TextChoices):
    """What the incidents app writes to the audit log."""

    REPORT_CREATE = "incidents.report_create", _("Ghi nhận tin báo thông tin xấu, độc")
    REPORT_DISMISS = "incidents.report_dismiss", _("Xác định tin báo không phải sự cố")
    REPORT_ATTACH = "incidents.report_attach", _("Đưa tin báo vào sự cố")
    SNAPSHOT_STORE = "incidents.snapshot_store", _("Lưu bằng chứng của đường dẫn được báo")
    INCIDENT_OPEN = "incidents.incident_open", _("Mở sự cố thông tin")
    INCIDENT_TRIAGE = "incidents.incident_triage", _("Phân loại sự cố thông tin")
    INCIDENT_RESOLVE = "incidents.incident_resolve", _("Kết thúc xử lý sự cố thông tin")
    INCIDENT_CLOSE = "incidents.incident_close", _("Đóng sự cố thông tin")
    INCIDENT_REOPEN = "incidents.incident_reopen", _("Mở lại sự cố thông tin")
    INCIDENT_NOTE = "incidents.incident_note", _("Ghi chú vào diễn biến sự cố")
    INCIDENT_ESCALATE = "incidents.incident_escalate", _("Báo sự cố lên cấp trên")
    INCIDENT_TAKEOVER = "incidents.incident_takeover", _("Cấp trên tiếp quản sự cố")
    STEP_COMPLETE = "incidents.step_complete", _("Hoàn thành bước ứng phó")
    STEP_SKIP = "incidents.step_skip", _("Bỏ qua bước ứng phó")
    PLAYBOOK_CREATE = "incidents.playbook_create", _("Tạo kịch bản ứng phó")
    PLAYBOOK_UPDATE = "incidents.playbook_update", _("Sửa kịch bản ứng phó")
    PLAYBOOK_APPLY = "incidents.playbook_apply", _("Áp dụng kịch bản ứng phó cho sự cố")
    FACT_CREATE = "incidents.fact_create", _("Thêm dữ kiện đã kiểm chứng")
    FACT_UPDATE = "incidents.fact_update", _("Sửa dữ kiện đã kiểm chứng")
    FACT_EXPIRE = "incidents.fact_expire", _("Dữ kiện hết hiệu lực")
    RESPONSE_CREATE = "incidents.response_create", _("Soạn phản hồi sự cố")
    RESPONSE_UPDATE = "incidents.response_update", _("Sửa phản hồi sự cố")
    RESPONSE_SUBMIT = "incidents.response_submit", _("Trình duyệt phản hồi sự cố")
    RESPONSE_APPROVE = "incidents.response_approve", _("Duyệt phản hồi sự cố")
    RESPONSE_RETURN = "incidents.response_return", _("Trả phản hồi sự cố về bản nháp")
    RESPONSE_PUBLISH = "incidents.response_publish", _("Đăng phản hồi sự cố lên kênh")
    REPORTER_REPLY = "incidents.reporter_reply", _("Trả lời người báo tin")
    REMOVAL_REQUEST = "incidents.removal_request", _("Đề nghị nền tảng gỡ, ẩn nội dung")
    TIPLINE_SAVE = "incidents.tipline_save", _("Cấu hình kênh nhận tin báo")
    NOTICE_READ = "incidents.notice_read", _("Đánh dấu đã xem thông báo sự cố")
