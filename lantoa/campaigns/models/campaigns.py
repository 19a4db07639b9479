"""Campaigns: a unit's plan of communication over a period, in phases, with
goals, and the content (articles, posts, bulletin issues) that belongs to it."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from lantoa.campaigns.choices import ItemKind, PhaseKind
from lantoa.org.public import OrgUnit


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Campaign(ClusterableModel):
    """A campaign owned by `unit`, addressed to the subtree of `target_unit`.

    Clusterable so that the admin edits its phases inline; the phases are
    saved with the campaign (services.campaigns.campaign_save).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    name = models.CharField(_("tên chiến dịch"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    key_messages = models.TextField(
        _("thông điệp chính"), blank=True, help_text=_("Mỗi thông điệp một dòng.")
    )
    hashtags = models.CharField(
        _("hashtag"),
        max_length=500,
        blank=True,
        help_text=_("Cách nhau bởi dấu cách, ví dụ: #ThangCongNhan2026 #AnToanLaoDong"),
    )
    target_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("phạm vi triển khai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị (cùng các đơn vị cấp dưới) tham gia; để trống: đơn vị chủ trì."),
    )
    goal_articles = models.PositiveIntegerField(_("mục tiêu: số tin bài"), null=True, blank=True)
    goal_posts = models.PositiveIntegerField(_("mục tiêu: số bài đăng"), null=True, blank=True)
    goal_reach = models.PositiveIntegerField(_("mục tiêu: lượt tiếp cận"), null=True, blank=True)
    goal_participants = models.PositiveIntegerField(
        _("mục tiêu: lượt người tham gia"), null=True, blank=True
    )
    goal_unit_share = models.PositiveSmallIntegerField(
        _("mục tiêu: % đơn vị tham gia"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chiến dịch")
        verbose_name_plural = _("chiến dịch")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["unit", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(goal_unit_share__lte=100), name="campaign_unit_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> OrgUnit:
        """The root of the subtree the campaign addresses."""
        return self.target_unit or self.unit

    @property
    def key_message_list(self) -> list[str]:
        return split_lines(self.key_messages)

    @property
    def hashtag_list(self) -> list[str]:
        return [f"#{tag.lstrip('#')}" for tag in self.hashtags.split() if tag.lstrip("#")]


class CampaignPhase(Orderable):
    """One ordered phase of a campaign, with its own dates."""

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("loại giai đoạn"), max_length=32, choices=PhaseKind.choices)
    name = models.CharField(_("tên giai đoạn"), max_length=200, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung chính"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class CampaignItem(models.Model):
    """A piece of content that belongs to a campaign: an article page, a social
    post or a bulletin issue (events later), by generic reference, so the
    apps below never need to know about campaigns."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=ItemKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nội dung của chiến dịch")
        verbose_name_plural = _("nội dung của chiến dịch")
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "content_type", "object_id"], name="campaign_item_unique"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "kind"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.object_id}"
