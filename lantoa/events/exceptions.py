"""Refusals of the events app, each with a stable code and a Vietnamese message."""

from lantoa.core.exceptions import InvalidInput, LantoaError


class EventStateInvalid(LantoaError):
    code = "event_state_invalid"
    default_message = "Sự kiện không ở trạng thái cho phép thao tác này."


class EventNotOpen(LantoaError):
    code = "event_not_open"
    default_message = "Sự kiện này chưa mở đăng ký hoặc đã kết thúc."


class NotEligible(LantoaError):
    code = "event_not_eligible"
    default_message = "Sự kiện này không dành cho đơn vị của bạn."


class AlreadyRegistered(LantoaError):
    code = "event_already_registered"
    default_message = "Bạn đã đăng ký tham dự sự kiện này."


class EventFull(LantoaError):
    code = "event_full"
    default_message = "Sự kiện đã đủ số người đăng ký."


class CheckInCodeUnknown(InvalidInput):
    code = "event_checkin_unknown"
    default_message = "Mã điểm danh không đúng hoặc không thuộc sự kiện này."


class AlreadyCheckedIn(LantoaError):
    code = "event_already_checked_in"
    default_message = "Đoàn viên này đã được điểm danh."


class QuestionsClosed(LantoaError):
    code = "event_questions_closed"
    default_message = "Sự kiện không nhận câu hỏi lúc này."


class ReportStateInvalid(LantoaError):
    code = "event_report_state_invalid"
    default_message = "Bản ghi và tóm tắt không ở trạng thái cho phép thao tác này."
