"""Member voice: opinions, their analysis, officers' corrections, and alerts.

An opinion is stored first, exactly as it arrived; analysis fills separate
fields later and can be re-run with another model version without losing
anything (docs/subsystems/listening.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.listening.choices import (
    AlertKind,
    AlertState,
    LabelTask,
    ModelStatus,
    OpinionSource,
    Sentiment,
    Toxicity,
    TriageStatus,
)
from lantoa.listening.ml.calibration import UNCERTAIN_BELOW
from lantoa.org.public import OrgUnit


class Opinion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="opinions"
    )
    source = models.CharField(_("nguồn"), max_length=24, choices=OpinionSource.choices)
    # Where it came from, as "<app>.<model>:<id>" or a platform id: the key that
    # makes intake idempotent (the same comment delivered twice is one opinion).
    source_key = models.CharField(max_length=255, unique=True)
    source_url = models.URLField(_("liên kết gốc"), max_length=500, blank=True)
    channel_account_id = models.BigIntegerField(null=True, blank=True)
    page_id = models.BigIntegerField(null=True, blank=True)
    text = models.TextField(_("nội dung"))
    # Pseudonymous: an HMAC of the platform's user id, never the id or a name.
    author_ref = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8, default="vi")
    received_at = models.DateTimeField(_("thời điểm"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The author changed the text on the platform: the earlier versions are kept
    # ([{"text", "replaced_at"}], oldest first) and the opinion is analysed again.
    edited_at_source = models.DateTimeField(_("sửa trên nền tảng lúc"), null=True, blank=True)
    text_history = models.JSONField(default=list, blank=True, editable=False)
    # The author took it back on the platform; what was said stays here.
    removed_at_source = models.DateTimeField(_("gỡ trên nền tảng lúc"), null=True, blank=True)

    sentiment = models.CharField(
        _("sắc thái"), max_length=16, choices=Sentiment.choices, blank=True, db_index=True
    )
    sentiment_confidence = models.FloatField(null=True, blank=True)
    toxicity = models.CharField(
        _("độc hại"), max_length=16, choices=Toxicity.choices, blank=True, db_index=True
    )
    toxicity_confidence = models.FloatField(null=True, blank=True)
    # The sentences that decided the sentiment, with their offsets in `text`:
    # [{"start", "end", "text", "label", "confidence"}] (ml/document.py).
    sentiment_evidence = models.JSONField(default=list, blank=True)
    labels_corrected = models.BooleanField(_("đã hiệu chỉnh nhãn"), default=False)
    spans = models.JSONField(default=list, blank=True)
    # Folded, lower-case text: topic and keyword filters match it without diacritics.
    folded_text = models.TextField(blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    model_version = models.CharField(max_length=64, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    analysis_error = models.TextField(blank=True)

    status = models.CharField(
        _("xử lý"), max_length=16, choices=TriageStatus.choices, default=TriageStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú xử lý"), blank=True)

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_at"]),
            models.Index(fields=["analysed_at"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_no_content(self) -> bool:
        """Analysed and found empty or meaningless: "không có nội dung", no label."""
        return self.analysed_at is not None and not self.sentiment

    @property
    def sentiment_uncertain(self) -> bool:
        """The model's label is below the calibrated confidence threshold ("chưa chắc chắn")."""
        return (
            bool(self.sentiment)
            and not self.labels_corrected
            and self.sentiment_confidence is not None
            and self.sentiment_confidence < UNCERTAIN_BELOW
        )


class LabelCorrection(models.Model):
    """An officer's judgement of a label: training data for the next model."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="corrections")
    task = models.CharField(max_length=16, choices=LabelTask.choices)
    label = models.CharField(max_length=16)
    # The text the officer judged: the opinion's own text changes when its
    # author edits it on the platform, and a label belongs to what was read.
    text = models.TextField(blank=True)
    model_label = models.CharField(max_length=16, blank=True)
    model_version = models.CharField(max_length=64, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hiệu chỉnh nhãn")
        verbose_name_plural = _("hiệu chỉnh nhãn")

    def __str__(self) -> str:
        return (
            f"{self.get_task_display()}: {self.model_label_display or '—'} → {self.label_display}"
        )

    def _label_display(self, value: str) -> str:
        """ "negative" → "Tiêu cực": a label as the officer read it on screen."""
        choices = Sentiment if self.task == LabelTask.SENTIMENT else Toxicity
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    @property
    def label_display(self) -> str:
        return self._label_display(self.label)

    @property
    def model_label_display(self) -> str:
        return self._label_display(self.model_label) if self.model_label else ""


class Alert(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="listening_alerts")
    kind = models.CharField(max_length=24, choices=AlertKind.choices)
    state = models.CharField(max_length=16, choices=AlertState.choices, default=AlertState.OPEN)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    count = models.PositiveIntegerField()
    negative_count = models.PositiveIntegerField(default=0)
    baseline_mean = models.FloatField()
    baseline_negative_share = models.FloatField(default=0.0)
    top_keywords = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"

    @property
    def negative_share(self) -> float:
        return self.negative_count / self.count if self.count else 0.0


class ModelVersion(models.Model):
    """A model retrained for this deployment from its officers' corrections.

    Only one is active at a time; with none, the shipped default is used. A version
    is made active only if it beats the active one on corrections it never trained
    on (``figures``); rolling back retires the active one and reactivates the one
    before it (or the shipped default)."""

    version = models.CharField(_("phiên bản"), max_length=64, unique=True)
    base_version = models.CharField(max_length=64)
    replaces = models.CharField(_("thay cho"), max_length=64, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ModelStatus.choices)
    # {"held_out": n, "train": n, "current": {...}, "candidate": {...}}
    figures = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("phiên bản mô hình")
        verbose_name_plural = _("phiên bản mô hình")

    def __str__(self) -> str:
        return self.version
