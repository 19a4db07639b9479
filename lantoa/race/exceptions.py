"""Refusals of the race app, each with a stable code and a Vietnamese message."""

from lantoa.core.exceptions import InvalidInput, LantoaError


class RaceNotOpen(LantoaError):
    code = "race_not_open"
    default_message = "Giải chạy này chưa mở hoặc đã kết thúc."


class RaceStateInvalid(LantoaError):
    code = "race_state_invalid"
    default_message = "Giải chạy không ở trạng thái cho phép thao tác này."


class NotEligible(LantoaError):
    code = "race_not_eligible"
    default_message = "Đơn vị của bạn không thuộc đối tượng tham gia giải này."


class RegistrationClosed(LantoaError):
    code = "race_registration_closed"
    default_message = "Đã hết hạn đăng ký giải này."


class AlreadyRegistered(LantoaError):
    code = "race_already_registered"
    default_message = "Bạn đã đăng ký giải này."


class SubmissionClosed(LantoaError):
    code = "race_submission_closed"
    default_message = "Đã hết hạn nộp hoạt động của giải này."


class UploadInvalid(InvalidInput):
    code = "race_upload_invalid"
    default_message = "Tệp không hợp lệ."


class ManualNotAllowed(LantoaError):
    code = "race_manual_not_allowed"
    default_message = "Giải này không nhận hoạt động nhập tay: hãy nộp tệp GPX, FIT hoặc TCX."


class ActivityStateInvalid(LantoaError):
    code = "race_activity_state_invalid"
    default_message = "Hoạt động không ở trạng thái cho phép thao tác này."


class AppealNotAllowed(LantoaError):
    code = "race_appeal_not_allowed"
    default_message = "Chỉ khiếu nại được hoạt động không được tính, và mỗi hoạt động một lần."


class CertificateNotEarned(LantoaError):
    code = "race_certificate_not_earned"
    default_message = "Bạn chưa đạt cự ly hoàn thành của giải."
