from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Báo in")
    ONLINE = "online", _("Báo điện tử")
    TELEVISION = "television", _("Truyền hình")
    RADIO = "radio", _("Phát thanh")
    MAGAZINE = "magazine", _("Tạp chí")
    UNION_PRESS = "union_press", _("Báo, tạp chí công đoàn và ngành")


class Beat(models.TextChoices):
    """The subjects a journalist follows (a release is offered to matching beats)."""

    LABOUR = "labour", _("Lao động, việc làm")
    UNION = "union", _("Công đoàn")
    SAFETY = "safety", _("An toàn, vệ sinh lao động")
    ENERGY = "energy", _("Dầu khí, năng lượng")
    ECONOMY = "economy", _("Kinh tế, doanh nghiệp")
    LAW = "law", _("Pháp luật, chính sách")
    SOCIETY = "society", _("Xã hội, đời sống")


class ReleaseKind(models.TextChoices):
    RELEASE = "release", _("Thông cáo báo chí")
    INVITATION = "invitation", _("Giấy mời dự sự kiện")


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    SCHEDULED = "scheduled", _("Đã hẹn gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")


# A release in these states has left, or is about to: its text is frozen.
FROZEN_STATES = frozenset({ReleaseState.SCHEDULED, ReleaseState.SENDING, ReleaseState.SENT})


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Tích cực")
    NEUTRAL = "neutral", _("Trung lập")
    NEGATIVE = "negative", _("Tiêu cực")


class ClippingSource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay")
    FEED = "feed", _("Từ RSS/Atom")


@audit_actions
class PressAction(models.TextChoices):
    """What press relations write to the audit log (`press.<entity>_<verb>`)."""

    OUTLET_CREATE = "press.outlet_create", _("Thêm cơ quan báo chí")
    OUTLET_UPDATE = "press.outlet_update", _("Sửa cơ quan báo chí")
    JOURNALIST_CREATE = "press.journalist_create", _("Thêm phóng viên")
    JOURNALIST_UPDATE = "press.journalist_update", _("Sửa thông tin phóng viên")
    JOURNALIST_UNSUBSCRIBE = (
        "press.journalist_unsubscribe",
        _("Phóng viên từ chối nhận thông cáo"),
    )
    RELEASE_CREATE = "press.release_create", _("Soạn thông cáo báo chí")
    RELEASE_UPDATE = "press.release_update", _("Sửa thông cáo báo chí")
    RELEASE_SUBMIT = "press.release_submit", _("Trình duyệt thông cáo báo chí")
    RELEASE_APPROVE = "press.release_approve", _("Duyệt thông cáo báo chí")
    RELEASE_RETURN = "press.release_return", _("Trả thông cáo báo chí về bản nháp")
    RELEASE_SCHEDULE = "press.release_schedule", _("Hẹn giờ gửi thông cáo báo chí")
    RELEASE_CANCEL = "press.release_cancel", _("Hủy hẹn gửi thông cáo báo chí")
    RELEASE_DISPATCH = "press.release_dispatch", _("Gửi thông cáo báo chí cho phóng viên")
    RELEASE_SENT = "press.release_sent", _("Thông cáo báo chí đã gửi xong")
    CLIPPING_CREATE = "press.clipping_create", _("Ghi nhận bài báo phản ánh")
    CLIPPING_UPDATE = "press.clipping_update", _("Sửa bài báo phản ánh")
    CLIPPING_DELETE = "press.clipping_delete", _("Xóa bài báo phản ánh")
    FEED_ITEM_DISMISS = "press.feed_item_dismiss", _("Bỏ qua bài mới từ RSS/Atom")
