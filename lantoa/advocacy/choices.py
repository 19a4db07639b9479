from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class Network(models.TextChoices):
    """Where an ambassador shares: each has its own suggested text and link."""

    ZALO = "zalo", _("Zalo")
    FACEBOOK = "facebook", _("Facebook")
    TELEGRAM = "telegram", _("Telegram")
    COPY = "copy", _("Sao chép liên kết")


class KitKind(models.TextChoices):
    ARTICLE = "article", _("Bài viết")
    CAMPAIGN = "campaign", _("Chiến dịch")
    EVENT = "event", _("Sự kiện")


class KitState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đang mời chia sẻ")
    CLOSED = "closed", _("Đã kết thúc")


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    NEVER = "never", _("Không nhận")


@audit_actions
class AdvocacyAction(models.TextChoices):
    """What advocacy writes to the audit log (`advocacy.<entity>_<verb>`)."""

    KIT_CREATE = "advocacy.kit_create", _("Soạn bộ chia sẻ")
    KIT_UPDATE = "advocacy.kit_update", _("Sửa bộ chia sẻ")
    KIT_PUBLISH = "advocacy.kit_publish", _("Duyệt và mời chia sẻ")
    KIT_CLOSE = "advocacy.kit_close", _("Kết thúc bộ chia sẻ")
    POLICY_SAVE = "advocacy.policy_save", _("Sửa quy định chia sẻ của đơn vị")
    AMBASSADOR_JOIN = "advocacy.ambassador_join", _("Đoàn viên trở thành đại sứ")
    AMBASSADOR_UPDATE = "advocacy.ambassador_update", _("Đại sứ đổi cài đặt")
    AMBASSADOR_LEAVE = "advocacy.ambassador_leave", _("Đại sứ thôi tham gia")
    DIGEST_SEND = "advocacy.digest_send", _("Gửi thư tổng hợp cho đại sứ")
