"""An incident, its timeline, its playbook steps, escalations and notices."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.incidents.choices import (
    Category,
    EscalationReason,
    IncidentState,
    NoticeKind,
    Severity,
    StepRole,
    StepState,
    TimelineKind,
)
from lantoa.org.public import OrgUnit


class Incident(models.Model):
    """A harmful or false piece of information the union responds to.

    `unit` is where it happened: it decides who sees it (that unit's officers
    and every unit above). `handling_unit` leads the response: the unit
    itself, or an ancestor that took it over after an escalation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    handling_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ trì xử lý"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"), blank=True)
    claim = models.TextField(
        _("nội dung bị phản ánh"),
        blank=True,
        help_text=_("Nguyên văn hoặc tóm tắt thông tin sai, xấu đang lan truyền."),
    )
    category = models.CharField(
        _("loại"), max_length=20, choices=Category.choices, default=Category.FALSE_CLAIM
    )
    severity = models.PositiveSmallIntegerField(
        _("mức độ"), choices=Severity.choices, default=Severity.MEDIUM
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    affected_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị bị ảnh hưởng"), blank=True, related_name="+"
    )
    playbook = models.ForeignKey(
        "incidents.Playbook",
        verbose_name=_("kịch bản ứng phó"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The clocks: detection → first response → resolution.
    detected_at = models.DateTimeField(_("phát hiện lúc"))
    first_response_at = models.DateTimeField(_("phản hồi đầu tiên lúc"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("số cấp đã báo lên"), default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sự cố thông tin")
        verbose_name_plural = _("sự cố thông tin")
        ordering = ["-detected_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "detected_at"]),
            models.Index(fields=["unit", "detected_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in (IncidentState.OPEN, IncidentState.RESPONDING)

    @property
    def minutes_to_first_response(self) -> int | None:
        if self.first_response_at is None:
            return None
        return int((self.first_response_at - self.detected_at).total_seconds() // 60)

    @property
    def minutes_to_resolution(self) -> int | None:
        if self.resolved_at is None:
            return None
        return int((self.resolved_at - self.detected_at).total_seconds() // 60)


class TimelineEntry(models.Model):
    """One thing that happened to an incident, in order: who, what, when."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=TimelineKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A system actor's or visitor's label, when no user acted.
    actor_label = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:60]}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return str(self.actor.get_full_name() or self.actor.get_username())  # type: ignore[union-attr]
        return self.actor_label


class IncidentStep(models.Model):
    """One step of the incident's playbook, with its own due time."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("bước"), max_length=255)
    instructions = models.TextField(_("hướng dẫn"), blank=True)
    role = models.CharField(_("người thực hiện"), max_length=16, choices=StepRole.choices)
    due_at = models.DateTimeField(_("hạn"))
    holding_statement = models.TextField(_("thông tin ban đầu (mẫu)"), blank=True)
    counts_as_response = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=StepState.choices, default=StepState.PENDING)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    late_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bước ứng phó")
        verbose_name_plural = _("bước ứng phó")
        ordering = ["incident", "order"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "order"], name="incident_step_order")
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_late(self) -> bool:
        return self.state == StepState.PENDING and self.due_at < timezone.now()


class Escalation(models.Model):
    """The incident went up one level of the tree."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="escalations")
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=EscalationReason.choices)
    step = models.ForeignKey(
        IncidentStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    taken_over_at = models.DateTimeField(null=True, blank=True)
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo lên cấp trên")
        verbose_name_plural = _("báo lên cấp trên")
        ordering = ["at", "pk"]
        constraints = [
            # One escalation per late step: the sweep may run any number of times.
            models.UniqueConstraint(
                fields=["incident", "step"],
                condition=models.Q(step__isnull=False),
                name="escalation_once_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.from_unit_id} → {self.to_unit_id}"


class Notice(models.Model):
    """An in-app notice for the officers of `unit` (the admin home shows them)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    fact = models.ForeignKey(
        "incidents.Fact", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thông báo sự cố")
        verbose_name_plural = _("thông báo sự cố")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self) -> str:
        return self.text
