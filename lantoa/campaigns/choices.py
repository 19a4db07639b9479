from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


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
    SUBMITTED = "submitted", _("Chờ duyệt gửi")
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


@audit_actions
class CampaignAction(models.TextChoices):
    """What the audit log records for campaigns, plans and directives."""

    CAMPAIGN_CREATE = "campaigns.campaign_create", _("Tạo chiến dịch")
    CAMPAIGN_UPDATE = "campaigns.campaign_update", _("Sửa chiến dịch")
    ITEM_ADD = "campaigns.item_add", _("Gắn nội dung vào chiến dịch")
    ITEM_REMOVE = "campaigns.item_remove", _("Gỡ nội dung khỏi chiến dịch")
    PLAN_CREATE = "campaigns.plan_create", _("Tạo mục kế hoạch truyền thông")
    PLAN_UPDATE = "campaigns.plan_update", _("Sửa mục kế hoạch truyền thông")
    PLAN_COMPLETE = "campaigns.plan_complete", _("Hoàn thành mục kế hoạch")
    PLAN_CANCEL = "campaigns.plan_cancel", _("Hủy mục kế hoạch")
    DIRECTIVE_CREATE = "campaigns.directive_create", _("Tạo định hướng")
    DIRECTIVE_UPDATE = "campaigns.directive_update", _("Sửa định hướng")
    DIRECTIVE_SEND = "campaigns.directive_send", _("Gửi định hướng xuống đơn vị")
    DIRECTIVE_SUBMIT = "campaigns.directive_submit", _("Gửi duyệt định hướng")
    TASK_ACKNOWLEDGE = "campaigns.task_acknowledge", _("Xác nhận đã nhận định hướng")
    TASK_ADOPT = "campaigns.task_adopt", _("Dùng nội dung định hướng")
    TASK_PROOF = "campaigns.task_proof", _("Nộp minh chứng thực hiện định hướng")
    TASK_DONE = "campaigns.task_done", _("Hoàn thành nhiệm vụ định hướng")
    TASKS_LATE = "campaigns.tasks_late", _("Ghi nhận nhiệm vụ trễ hạn")
    TASKS_ESCALATE = "campaigns.tasks_escalate", _("Báo cấp trên về nhiệm vụ trễ hạn")
    PUBLICATION_LIVE = "campaigns.publication_live", _("Nội dung định hướng đã được đăng")
