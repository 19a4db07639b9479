"""Telling people that a channel needs them."""

from django.conf import settings
from django.core.mail import send_mail

from lantoa.channels.models import ChannelAccount
from lantoa.org.selectors import unit_staff_emails


def account_broken_notify(*, account_id: int) -> int:
    """E-mail the unit's officers that a channel lost its connection. Returns recipients."""
    account = ChannelAccount.objects.select_related("unit").filter(pk=account_id).first()
    if account is None:
        return 0
    recipients = unit_staff_emails(account.unit)
    if not recipients:
        return 0
    send_mail(
        subject=f"[Lantoa] Kênh «{account.name}» mất kết nối",
        message=(
            f"Kênh {account} của {account.unit.name} bị nền tảng từ chối: {account.last_error}\n\n"
            "Các bài chờ đăng trên kênh này đã được tạm dừng, không bị huỷ. Vui lòng kết nối lại "
            f"kênh (dán token mới) trong trang quản trị: {settings.WAGTAILADMIN_BASE_URL}/admin/"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
