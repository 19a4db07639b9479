from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class OpinionSource(models.TextChoices):
    WEBSITE_FEEDBACK = "website_feedback", _("Phản hồi trên website")
    CHANNEL_COMMENT = "channel_comment", _("Bình luận trên mạng xã hội")
    CHANNEL_MESSAGE = "channel_message", _("Tin nhắn gửi kênh")
    SURVEY = "survey", _("Khảo sát")
    IMPORT = "import", _("Nhập từ tệp (biên bản đối thoại…)")
    MANUAL = "manual", _("Cán bộ ghi nhận")


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Tiêu cực")
    NEUTRAL = "neutral", _("Trung tính")
    POSITIVE = "positive", _("Tích cực")
    # A document whose sentences pull both ways with equal strength.
    MIXED = "mixed", _("Trái chiều")


class Toxicity(models.TextChoices):
    CLEAN = "clean", _("Bình thường")
    OFFENSIVE = "offensive", _("Xúc phạm")
    HATE = "hate", _("Thù ghét")


class TriageStatus(models.TextChoices):
    NEW = "new", _("Mới")
    ASSIGNED = "assigned", _("Đã giao")
    HANDLED = "handled", _("Đã xử lý")


class LabelTask(models.TextChoices):
    SENTIMENT = "sentiment", _("Sắc thái")
    TOXICITY = "toxicity", _("Mức độ độc hại")


class AlertKind(models.TextChoices):
    NEGATIVE_SPIKE = "negative_spike", _("Ý kiến tiêu cực tăng đột biến")
    VOLUME_SPIKE = "volume_spike", _("Số ý kiến tăng đột biến")


class AlertState(models.TextChoices):
    OPEN = "open", _("Chưa xử lý")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    ESCALATED = "escalated", _("Đã báo lên cấp trên")


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Đang dùng")
    REJECTED = "rejected", _("Không hơn bản đang dùng, không đưa vào dùng")
    RETIRED = "retired", _("Đã thôi dùng")


@audit_actions
class ListeningAction(models.TextChoices):
    """What the audit log records for opinions and alerts."""

    OPINION_IMPORT = "listening.opinion_import", _("Nhập ý kiến từ tệp")
    OPINION_LABEL_CORRECT = "listening.opinion_label_correct", _("Sửa nhãn phân loại ý kiến")
    OPINION_ASSIGN = "listening.opinion_assign", _("Giao xử lý ý kiến")
    OPINION_HANDLE = "listening.opinion_handle", _("Đánh dấu đã xử lý ý kiến")
    ALERT_ACKNOWLEDGE = "listening.alert_acknowledge", _("Xác nhận đã nhận cảnh báo")
    MODEL_RETRAIN = "listening.model_retrain", _("Huấn luyện lại mô hình từ nhãn của cán bộ")
    MODEL_ROLLBACK = "listening.model_rollback", _("Quay lại mô hình trước")
