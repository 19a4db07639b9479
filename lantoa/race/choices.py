from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class RaceState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    CANCELLED = "cancelled", _("Đã hủy")


class Sport(models.TextChoices):
    RUN = "run", _("Chạy bộ")
    WALK = "walk", _("Đi bộ")
    HIKE = "hike", _("Leo núi, đi bộ đường dài")
    CYCLE = "cycle", _("Đạp xe")
    SWIM = "swim", _("Bơi")
    OTHER = "other", _("Môn khác")


class ActivitySource(models.TextChoices):
    GPX = "gpx", "GPX"
    FIT = "fit", "FIT"
    TCX = "tcx", "TCX"
    MANUAL = "manual", _("Nhập tay")


class ActivityStatus(models.TextChoices):
    PENDING = "pending", _("Đang kiểm tra")
    FAILED = "failed", _("Không đọc được tệp")
    ACCEPTED = "accepted", _("Được tính")
    REVIEW = "review", _("Chờ cán bộ xem xét")
    REJECTED = "rejected", _("Không được tính")


class Severity(models.TextChoices):
    NOTE = "note", _("Ghi chú")
    REVIEW = "review", _("Cần xem xét")
    REJECT = "reject", _("Không được tính")


class CheckCode(models.TextChoices):
    """Why an automatic check spoke up (stored with each activity)."""

    TOO_FAST = "too_fast", _("Quá nhanh")
    TOO_SLOW = "too_slow", _("Quá chậm")
    SPLIT_TOO_FAST = "split_too_fast", _("Có cây số quá nhanh")
    SPLIT_TOO_SLOW = "split_too_slow", _("Có cây số quá chậm")
    TELEPORT = "teleport", _("Vị trí nhảy cóc")
    DUPLICATE_FILE = "duplicate_file", _("Tệp đã được nộp")
    DUPLICATE_TRACK = "duplicate_track", _("Trùng hoạt động đã nộp")
    OVERLAP = "overlap", _("Trùng thời gian với hoạt động khác")
    OUTSIDE_WINDOW = "outside_window", _("Ngoài thời gian giải")
    SPORT = "sport", _("Môn không thuộc giải")
    TREADMILL = "treadmill", _("Chạy trong nhà, không có GPS")
    MANUAL = "manual", _("Nhập tay")
    PER_DAY = "per_day", _("Vượt số hoạt động trong ngày")
    DAILY_CAP = "daily_cap", _("Vượt giới hạn cây số trong ngày")
    TOO_SHORT = "too_short", _("Quá ngắn")
    NO_TIME = "no_time", _("Tệp không có thời gian")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Đang chờ")
    UPHELD = "upheld", _("Chấp nhận khiếu nại")
    DISMISSED = "dismissed", _("Không chấp nhận")


@audit_actions
class AuditAction(models.TextChoices):
    """What the race app writes to the audit log (`<app>.<entity>_<verb>`)."""

    RACE_CREATE = "race.race_create", _("Tạo giải chạy")
    RACE_UPDATE = "race.race_update", _("Sửa giải chạy")
    RACE_SUBMIT = "race.race_submit", _("Trình duyệt giải chạy")
    RACE_APPROVE = "race.race_approve", _("Duyệt giải chạy")
    RACE_RETURN = "race.race_return", _("Trả lại giải chạy để sửa")
    RACE_CANCEL = "race.race_cancel", _("Hủy giải chạy")
    REGISTRATION_CREATE = "race.registration_create", _("Đăng ký tham gia giải chạy")
    ACTIVITY_UPLOAD = "race.activity_upload", _("Nộp hoạt động giải chạy")
    ACTIVITY_PROCESS = "race.activity_process", _("Kiểm tra tự động hoạt động giải chạy")
    ACTIVITY_APPROVE = "race.activity_approve", _("Chấp nhận hoạt động sau xem xét")
    ACTIVITY_REJECT = "race.activity_reject", _("Không chấp nhận hoạt động sau xem xét")
    APPEAL_CREATE = "race.appeal_create", _("Khiếu nại kết quả hoạt động")
    APPEAL_UPHOLD = "race.appeal_uphold", _("Chấp nhận khiếu nại hoạt động")
    APPEAL_DISMISS = "race.appeal_dismiss", _("Không chấp nhận khiếu nại hoạt động")
    CERTIFICATE_ISSUE = "race.certificate_issue", _("Cấp chứng nhận hoàn thành giải chạy")
    RESULTS_REBUILD = "race.results_rebuild", _("Tính lại kết quả giải chạy")
