from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


@audit_actions
class NewsroomAction(models.TextChoices):
    """What the audit log records for the unit sites (page edits are in Wagtail's own log)."""

    SITE_CREATE = "newsroom.site_create", _("Tạo trang tin của đơn vị")
    PERMISSIONS_SYNC = "newsroom.permissions_sync", _("Đồng bộ quyền trên trang tin")
    FEEDBACK_SUBMIT = "newsroom.feedback_submit", _("Gửi góp ý qua trang tin")
    FEEDBACK_MODERATE = "newsroom.feedback_moderate", _("Kiểm duyệt góp ý")
    LISTING_REQUEST = "newsroom.listing_request", _("Đề nghị đăng tin vào chuyên mục")
    LISTING_ACCEPT = "newsroom.listing_accept", _("Nhận tin vào chuyên mục")
    LISTING_WITHDRAW = "newsroom.listing_withdraw", _("Gỡ tin khỏi chuyên mục")
