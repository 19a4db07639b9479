"""Telling people that a channel needs them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from lantoa.channels.models import ChannelAccount
from lantoa.org.choices import Role
from lantoa.org.models import RoleAssignment


def unit_officer_emails(account: ChannelAccount) -> list[str]:
    """Officers and approvers at the channel's unit (not above: they have their own alerts)."""
    user_ids = RoleAssignment.objects.filter(
        unit=account.unit, role__in=[Role.OFFICER, Role.APPROVER]
    ).values_list("user_id", flat=True)
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    return sorted({u.email for u in users})


def account_broken_notify(*, account_id: int) -> int:
    """E-mail the unit's officers that a channel lost its connection. Returns recipients."""
    account = ChannelAccount.objects.select_related("unit").filter(pk=account_id).first()
    if account is None:
        return 0
    recipients = unit_officer_emails(account)
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
