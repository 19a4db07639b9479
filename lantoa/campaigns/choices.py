from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    """The recurring moments the union's communication is planned around."""

    BEFORE_CONGRESS = "before_congress", _("Trước Đại hội")
    DURING_CONGRESS = "during_congress", _("Trong Đại hội")
    AFTER_CONGRESS = "after_congress", _("Sau Đại hội")
    WORKERS_MONTH = "workers_month", _("Tháng Công nhân")
    OSH_MONTH = "osh_month", _("Tháng hành động về An toàn, vệ sinh lao động")
    TET = "tet", _("Tết")
    OTHER = "other", _("Giai đoạn khác")


class ItemKind(models.TextChoices):
    """What a campaign item links to (CampaignItem.kind)."""

    ARTICLE = "article", _("Tin bài")
    POST = "post", _("Bài đăng mạng xã hội")
    BULLETIN_ISSUE = "bulletin_issue", _("Số bản tin")


class CalendarChannel(models.TextChoices):
    """Where a calendar item goes out. Social values equal `channels.Platform`'s."""

    WEBSITE = "website", _("Trang tin")
    FACEBOOK_PAGE = "facebook_page", _("Facebook Page")
    ZALO_OA = "zalo_oa", _("Zalo OA")
    VIBER_CHANNEL = "viber_channel", _("Viber Channel")
    TELEGRAM_CHANNEL = "telegram_channel", _("Telegram Channel")
    BULLETIN = "bulletin", _("Bản tin")


class PlanState(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    DONE = "done", _("Đã thực hiện")
    CANCELLED = "cancelled", _("Đã huỷ")


class CalendarState(models.TextChoices):
    """The three states the content calendar tells apart."""

    PLANNED = "planned", _("Kế hoạch")  # a plan item: nothing written or queued yet
    SCHEDULED = "scheduled", _("Đã hẹn giờ")  # a delivery or an article with a go-live time
    PUBLISHED = "published", _("Đã đăng")


class DirectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SENT = "sent", _("Đã gửi")


class TargetMode(models.TextChoices):
    ALL = "all", _("Tất cả đơn vị cấp dưới")
    CHOSEN = "chosen", _("Các đơn vị được chọn")


class RequiredAction(models.TextChoices):
    """What a target unit must do; each is met by a linked publication or a proof."""

    PUBLISH_SITE = "publish_site", _("Đăng tin trên trang tin của đơn vị")
    PUBLISH_SOCIAL = "publish_social", _("Đăng trên fanpage / kênh mạng xã hội của đơn vị")
    REPORT_FEEDBACK = "report_feedback", _("Báo cáo ý kiến, phản ánh của đoàn viên")
    REPORT_RESULT = "report_result", _("Báo cáo kết quả thực hiện")


# Met automatically when a linked publication goes live.
PUBLICATION_ACTIONS = frozenset({RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL})


class TaskState(models.TextChoices):
    NEW = "new", _("Mới nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    DONE = "done", _("Đã hoàn thành")
    LATE = "late", _("Quá hạn")


OPEN_TASK_STATES = frozenset({TaskState.NEW, TaskState.ACKNOWLEDGED})


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Tin bài")
    POST = "post", _("Bài đăng")


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc hạn")
    ESCALATION = "escalation", _("Đơn vị cấp dưới quá hạn")
