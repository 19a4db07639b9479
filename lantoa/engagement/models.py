"""Engagement programmes (docs/subsystems/engagement.md): knowledge quizzes
with server-timed attempts, and surveys / polls with results by unit."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.engagement.choices import AttemptState, PublishState, QuestionKind, SurveyKind
from lantoa.org.public import Member, OrgUnit

# ---- quizzes -----------------------------------------------------------------


class Quiz(models.Model):
    """A knowledge quiz ("cuộc thi tìm hiểu") of a unit, for its subtree."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên cuộc thi"), max_length=200)
    description = models.TextField(_("thể lệ"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=PublishState.choices, default=PublishState.DRAFT
    )
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    time_limit_s = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    questions_per_attempt = models.PositiveIntegerField(
        _("số câu mỗi lượt"), default=0, help_text=_("0: tất cả câu hỏi trong ngân hàng.")
    )
    max_attempts = models.PositiveIntegerField(_("số lượt thi tối đa"), default=1)
    shuffle = models.BooleanField(_("đảo thứ tự câu hỏi và phương án"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc thi tìm hiểu")
        verbose_name_plural = _("cuộc thi tìm hiểu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="engagement_quiz_window",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="engagement_quiz_attempts"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question of a quiz's bank, with its choices."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    points = models.PositiveIntegerField(_("điểm"), default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=500)
    is_correct = models.BooleanField(_("đúng"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Attempt(models.Model):
    """One timed attempt of a member. The server fixes its deadline when it
    starts and its question order; answers after the deadline do not count."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    number = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=AttemptState.choices, default=AttemptState.OPEN)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # [{"q": question id, "c": [choice ids in the order shown]}, ...]
    layout = models.JSONField(default=list)
    answers = models.JSONField(default=dict)  # {question id: choice id}
    score = models.PositiveIntegerField(default=0)
    max_score = models.PositiveIntegerField(default=0)
    duration_s = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "member", "number"], name="engagement_attempt_number"
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "state", "unit_path"], name="engagement_attempt_board"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.member} · {self.number}"


# ---- surveys -----------------------------------------------------------------


class Survey(models.Model):
    """A survey or a quick poll of a unit, for its subtree. Anonymous surveys
    store no member on responses; results of a slice smaller than
    `min_report_size` are never shown."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=SurveyKind.choices, default=SurveyKind.SURVEY
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    description = models.TextField(_("giới thiệu"), blank=True)
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    min_report_size = models.PositiveIntegerField(
        _("số trả lời tối thiểu để xem kết quả"), default=5
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=PublishState.choices, default=PublishState.DRAFT
    )
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khảo sát")
        verbose_name_plural = _("khảo sát")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="engagement_survey_window",
            ),
            models.CheckConstraint(
                condition=models.Q(min_report_size__gte=1), name="engagement_survey_min_size"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    kind = models.CharField(
        _("loại"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    required = models.BooleanField(_("bắt buộc"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyOption(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("phương án"), max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyResponse(models.Model):
    """One member's response. `respondent_key` is a keyed hash of the survey
    and the member: it keeps one response per member without telling who,
    so an anonymous survey stores no member at all."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent_key = models.CharField(max_length=64)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="engagement_response_once"
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "unit_path"], name="engagement_response_slice"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.submitted_at:%d/%m/%Y %H:%M}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        SurveyOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.question} · {self.option or self.text[:40]}"
