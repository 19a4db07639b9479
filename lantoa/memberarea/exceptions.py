"""Refusals of the member area's sign-in, each with a stable code for the API."""

from lantoa.core.exceptions import InvalidInput, LantoaError


class IdentifierInvalid(InvalidInput):
    code = "login_identifier_invalid"
    default_message = "Hãy nhập số điện thoại hoặc địa chỉ e-mail của bạn."


class CodeInvalid(InvalidInput):
    code = "login_code_invalid"
    default_message = "Mã không đúng. Hãy kiểm tra lại mã vừa nhận."


class CodeExpired(InvalidInput):
    code = "login_code_expired"
    default_message = "Mã đã hết hạn hoặc đã được dùng. Hãy yêu cầu mã mới."


class CodeLocked(InvalidInput):
    code = "login_code_locked"
    default_message = "Bạn đã nhập sai quá nhiều lần. Hãy yêu cầu mã mới."


class TooManyRequests(LantoaError):
    code = "rate_limited"
    default_message = "Bạn đã yêu cầu quá nhiều mã. Hãy thử lại sau ít phút."


class StaffAccount(LantoaError):
    code = "login_staff_account"
    default_message = (
        "Tài khoản này là tài khoản cán bộ: hãy đăng nhập bằng mật khẩu tại trang quản trị, "
        "sau đó mở lại khu vực đoàn viên."
    )
