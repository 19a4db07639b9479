from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Tin nhắn SMS")


@audit_actions
class AuditAction(models.TextChoices):
    """What the member area writes to the audit log (`<app>.<entity>_<verb>`)."""

    LOGIN_CODE_SEND = "memberarea.login_code_send", _("Gửi mã đăng nhập cho đoàn viên")
    LOGIN_CODE_LOCK = "memberarea.login_code_lock", _("Khóa mã đăng nhập sau nhiều lần nhập sai")
    MEMBER_SIGN_IN = "memberarea.member_sign_in", _("Đoàn viên đăng nhập bằng mã")
    MEMBER_ACCOUNT_CREATE = (
        "memberarea.member_account_create",
        _("Tạo tài khoản đăng nhập bằng mã cho đoàn viên"),
    )
