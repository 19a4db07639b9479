from django.db import models
from django.utils.translation import gettext_lazy as _


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
