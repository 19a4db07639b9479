"""Plan items of the content calendar: what a unit intends to publish, when,
where and by whom. Scheduled and published items are not stored here: the
calendar reads them from the articles and the channels' deliveries."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.campaigns.choices import CalendarChannel, PlanState
from lantoa.campaigns.models.campaigns import Campaign, CampaignPhase
from lantoa.org.public import OrgUnit


class PlanItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="plan_items"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    phase = models.ForeignKey(
        CampaignPhase,
        verbose_name=_("giai đoạn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("nội dung dự kiến"), max_length=255)
    notes = models.TextField(_("ghi chú"), blank=True)
    channel = models.CharField(_("kênh"), max_length=32, choices=CalendarChannel.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_plan_items",
    )
    due_at = models.DateTimeField(_("thời hạn"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanState.choices, default=PlanState.PLANNED
    )
    # What the plan became (an article page, a post, a bulletin issue), once done.
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục kế hoạch")
        verbose_name_plural = _("kế hoạch nội dung")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["unit", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.title
