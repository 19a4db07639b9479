"""Playbooks ("kịch bản ứng phó"): ordered steps with roles, time limits and
holding-statement templates, for a category and a range of severities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lantoa.incidents.choices import Category, Severity, StepRole
from lantoa.org.public import OrgUnit


class Playbook(ClusterableModel):
    """Offered to incidents of `unit`'s whole subtree whose category matches
    (or any, when blank) and whose severity lies in [min, max]."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("tên kịch bản"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    category = models.CharField(
        _("loại sự cố"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Để trống: dùng cho mọi loại."),
    )
    min_severity = models.PositiveSmallIntegerField(
        _("từ mức độ"), choices=Severity.choices, default=Severity.LOW
    )
    max_severity = models.PositiveSmallIntegerField(
        _("đến mức độ"), choices=Severity.choices, default=Severity.CRITICAL
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kịch bản ứng phó")
        verbose_name_plural = _("kịch bản ứng phó")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class PlaybookStep(models.Model):
    playbook = ParentalKey(Playbook, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("bước"), max_length=255)
    instructions = models.TextField(_("hướng dẫn"), blank=True)
    role = models.CharField(
        _("người thực hiện"), max_length=16, choices=StepRole.choices, default=StepRole.OFFICER
    )
    due_minutes = models.PositiveIntegerField(
        _("thời hạn (phút kể từ khi phát hiện)"),
        help_text=_("Ví dụ: 60 = trong một giờ kể từ lúc phát hiện."),
    )
    holding_statement = models.TextField(
        _("mẫu thông tin ban đầu"),
        blank=True,
        help_text=_(
            "Các biến: {don_vi}, {tieu_de}, {ngay}, {du_kien}. "
            "Ví dụ: «{don_vi} đã nắm được thông tin … và đang xác minh.»"
        ),
    )
    counts_as_response = models.BooleanField(
        _("là phản hồi đầu tiên"),
        default=False,
        help_text=_("Hoàn thành bước này là đã có phản hồi chính thức đầu tiên."),
    )

    class Meta:
        verbose_name = _("bước của kịch bản")
        verbose_name_plural = _("bước của kịch bản")
        # `playbook_save` numbers the steps 1, 2, … (no unique constraint: the
        # inline form saves reordered steps one by one).
        ordering = ["playbook", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"
