from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


class PublishState(models.TextChoices):
    """A quiz or a survey is shown to members only once its unit approved it."""

    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    CLOSED = "closed", _("Đã đóng")


class AttemptState(models.TextChoices):
    OPEN = "open", _("Đang làm bài")
    SUBMITTED = "submitted", _("Đã nộp")
    EXPIRED = "expired", _("Hết giờ")


class SurveyKind(models.TextChoices):
    SURVEY = "survey", _("Khảo sát")
    POLL = "poll", _("Thăm dò nhanh")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    TEXT = "text", _("Trả lời tự do")


@audit_actions
class AuditAction(models.TextChoices):
    """What the engagement app writes to the audit log."""

    QUIZ_CREATE = "engagement.quiz_create", _("Tạo cuộc thi tìm hiểu")
    QUIZ_QUESTION_ADD = "engagement.quiz_question_add", _("Thêm câu hỏi vào cuộc thi")
    QUIZ_SUBMIT = "engagement.quiz_submit", _("Trình duyệt cuộc thi tìm hiểu")
    QUIZ_APPROVE = "engagement.quiz_approve", _("Duyệt cuộc thi tìm hiểu")
    QUIZ_CLOSE = "engagement.quiz_close", _("Đóng cuộc thi tìm hiểu")
    ATTEMPT_START = "engagement.attempt_start", _("Bắt đầu lượt thi")
    ATTEMPT_SUBMIT = "engagement.attempt_submit", _("Nộp bài thi")
    SURVEY_CREATE = "engagement.survey_create", _("Tạo khảo sát")
    SURVEY_QUESTION_ADD = "engagement.survey_question_add", _("Thêm câu hỏi khảo sát")
    SURVEY_SUBMIT = "engagement.survey_submit", _("Trình duyệt khảo sát")
    SURVEY_APPROVE = "engagement.survey_approve", _("Duyệt khảo sát")
    SURVEY_CLOSE = "engagement.survey_close", _("Đóng khảo sát")
    SURVEY_RESPOND = "engagement.survey_respond", _("Trả lời khảo sát")
