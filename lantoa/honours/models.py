"""Honours (docs/subsystems/honours.md): rounds of honouring outstanding
members (Workers' Month, the safety month, …) opened by a unit; nominations
from the units below with evidence, approved level by level up the tree to
the organiser; the honour on the member's record with a certificate whose
QR code opens a public verification page; the honour board on the
organising unit's site."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from lantoa.core.site_pages import UnitWorkPageMixin
from lantoa.core.storage import private_storage
from lantoa.honours.choices import Decision, NominationState, RoundState, Theme
from lantoa.org.public import Member, OrgUnit


class HonourRound(models.Model):
    """A round of honours organised by a unit for the members of its subtree."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên đợt tôn vinh"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    theme = models.CharField(_("dịp"), max_length=16, choices=Theme.choices, default=Theme.OTHER)
    description = models.TextField(_("giới thiệu"), blank=True)
    criteria = models.TextField(_("tiêu chí"), blank=True)
    nominations_close_on = models.DateField(_("hạn gửi đề cử"))
    quota_per_unit = models.PositiveSmallIntegerField(_("số đề cử tối đa mỗi đơn vị"), default=3)
    # A campaign of the campaigns app (its public id), seen by the organising
    # unit: campaigns sit above honours, which never imports them
    # (lantoa/core/campaign_refs.py).
    campaign_ref = models.UUIDField(_("chiến dịch"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt tôn vinh")
        verbose_name_plural = _("đợt tôn vinh")
        ordering = ["-nominations_close_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    """A unit proposes one of its members. It climbs the tree: the approver
    of the proposing unit, then of each unit above it, up to the organiser
    (`awaiting_unit` is whose turn it is)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(HonourRound, on_delete=models.CASCADE, related_name="nominations")
    member = models.ForeignKey(
        Member, verbose_name=_("đoàn viên được đề cử"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đề cử"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    citation = models.TextField(_("thành tích"))
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=NominationState.choices,
        default=NominationState.DRAFT,
    )
    awaiting_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("chờ đơn vị duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề cử")
        verbose_name_plural = _("đề cử")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="honours_nominated_once"),
        ]
        indexes = [
            models.Index(fields=["round", "unit", "state"], name="honours_nom_unit"),
            models.Index(fields=["state", "awaiting_unit"], name="honours_nom_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} — {self.round}"


class Evidence(models.Model):
    """A document behind a nomination (a decision, a photo, a letter)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        storage=private_storage, upload_to="honours/evidence/%Y/%m/", max_length=255
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.file_name


class NominationStep(models.Model):
    """One decision on the way up: who, at which unit, what, why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="steps")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("quyết định"), max_length=16, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bước xét duyệt")
        verbose_name_plural = _("bước xét duyệt")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.decision}"


class Honour(models.Model):
    """A member honoured: what was honoured, frozen when awarded, and the
    code the certificate's QR carries to the public verification page."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã xác minh"), max_length=16, unique=True)
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="honour")
    round = models.ForeignKey(HonourRound, on_delete=models.CASCADE, related_name="honours")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    member_name = models.CharField(_("họ và tên"), max_length=128)
    unit_name = models.CharField(_("đơn vị"), max_length=255)
    round_title = models.CharField(_("đợt tôn vinh"), max_length=200)
    organiser_name = models.CharField(_("đơn vị tôn vinh"), max_length=255)
    citation = models.TextField(_("thành tích"))
    awarded_at = models.DateTimeField(_("tôn vinh lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tôn vinh")
        verbose_name_plural = _("tôn vinh")
        ordering = ["-awarded_at", "-id"]
        indexes = [models.Index(fields=["member", "awarded_at"], name="honours_member")]

    def __str__(self) -> str:
        return f"{self.member_name} — {self.round_title}"


class HonourBoardPage(UnitWorkPageMixin, Page):
    """The round's honour board on the organising unit's site: the honoured
    members, their units and citations, once the unit published it."""

    round = models.OneToOneField(
        HonourRound, verbose_name=_("đợt tôn vinh"), on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("round", read_only=True)]
    template = "honours/public/board_page.html"

    class Meta:
        verbose_name = _("bảng vinh danh")
        verbose_name_plural = _("bảng vinh danh")

    def public_context(self) -> dict[str, Any]:
        from lantoa.honours.selectors import public_board_context

        return public_board_context(self)
