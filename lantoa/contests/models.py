"""The photo contest (docs/subsystems/contests.md): contests owned by a unit
and approved by it, members' entries with consent and credit, moderation,
jury rounds scored blind, members' public votes (one per member and entry,
held by a unique constraint), vote bursts, results mixing the jury's and the
public's weights, and the winners' gallery on the organising unit's site."""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from lantoa.contests.choices import BurstStatus, ContestState, EntryStatus, RoundState
from lantoa.core.models import ApprovalFields
from lantoa.core.site_pages import UnitWorkPageMixin
from lantoa.core.storage import private_storage
from lantoa.org.public import Member, OrgUnit


class Contest(ApprovalFields):
    """A photo contest organised by a unit for the members of its subtree (or
    of the units it names). Members see it once the organising unit approved it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên cuộc thi ảnh"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    rules = models.TextField(_("thể lệ"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ContestState.choices, default=ContestState.DRAFT
    )
    eligible_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("đơn vị được tham gia"),
        blank=True,
        related_name="+",
        help_text=_(
            "Đoàn viên của các đơn vị này và đơn vị cấp dưới được gửi ảnh và bình chọn. "
            "Để trống: toàn bộ đơn vị tổ chức."
        ),
    )
    entries_open_on = models.DateField(_("mở nhận ảnh"))
    entries_close_on = models.DateField(_("hạn gửi ảnh"))
    voting_starts_at = models.DateTimeField(_("bắt đầu bình chọn"), null=True, blank=True)
    voting_ends_at = models.DateTimeField(_("kết thúc bình chọn"), null=True, blank=True)
    max_entries_per_member = models.PositiveSmallIntegerField(
        _("số ảnh tối đa mỗi người"), default=3
    )
    jury_weight = models.PositiveSmallIntegerField(
        _("trọng số giám khảo (%)"),
        default=70,
        help_text=_("Phần còn lại là trọng số bình chọn của đoàn viên."),
    )
    winners_count = models.PositiveSmallIntegerField(_("số giải"), default=10)
    burst_threshold = models.PositiveIntegerField(
        _("ngưỡng bình chọn dồn dập (lượt/phút cho một ảnh)"), default=60
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    results_computed_at = models.DateTimeField(_("tính kết quả lúc"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cuộc thi ảnh")
        verbose_name_plural = _("cuộc thi ảnh")
        ordering = ["-entries_open_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entries_close_on__gte=models.F("entries_open_on")),
                name="contest_entry_dates_ordered",
                violation_error_message="Hạn gửi ảnh phải sau ngày mở nhận ảnh.",
            ),
            models.CheckConstraint(
                condition=models.Q(jury_weight__lte=100),
                name="contest_jury_weight_percent",
                violation_error_message="Trọng số giám khảo từ 0 đến 100%.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_weight(self) -> int:
        return 100 - self.jury_weight


class Round(models.Model):
    """A jury round. Round 1 holds every approved entry; closing a round that
    says how many go on moves the best ones to the next."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("vòng"))
    title = models.CharField(_("tên vòng"), max_length=120)
    blind = models.BooleanField(
        _("chấm kín"), default=True, help_text=_("Ẩn tác giả và đơn vị với mọi người khi chấm.")
    )
    score_max = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)
    advance_count = models.PositiveIntegerField(
        _("số ảnh vào vòng sau"), null=True, blank=True, help_text=_("Để trống: vòng cuối.")
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=RoundState.choices, default=RoundState.PLANNED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vòng chấm")
        verbose_name_plural = _("vòng chấm")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contest_round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.contest})"


class Juror(models.Model):
    """A member on the contest's jury. Their unit (and the units below it)
    are the ones whose entries they never see nor score."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    member = models.ForeignKey(
        Member, verbose_name=_("đoàn viên"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["contest", "member"], name="contest_juror_once"),
        ]

    def __str__(self) -> str:
        return self.member.full_name


class Entry(models.Model):
    """A member's photo. The stored image is a re-encoded copy without its
    metadata (no author in EXIF) under a random name (no author in the name)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(
        Member, verbose_name=_("tác giả"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("tên ảnh"), max_length=200)
    description = models.TextField(_("câu chuyện của bức ảnh"), blank=True)
    credit = models.CharField(
        _("ghi tên tác giả khi đăng"), max_length=200, help_text=_("Ví dụ: Ảnh: Nguyễn Văn An")
    )
    location = models.CharField(_("địa điểm chụp"), max_length=200, blank=True)
    taken_on = models.DateField(_("ngày chụp"), null=True, blank=True)
    image = models.ImageField(
        storage=private_storage,
        upload_to="contests/entries/%Y/%m/",
        width_field="image_width",
        height_field="image_height",
        max_length=255,
    )
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    consent_author = models.BooleanField(_("tôi là tác giả của ảnh"), default=False)
    consent_subjects = models.BooleanField(_("người trong ảnh đồng ý"), default=False)
    consent_publish = models.BooleanField(_("đồng ý cho công đoàn đăng ảnh"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    moderation_note = models.TextField(_("ý kiến kiểm duyệt"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    round_reached = models.PositiveSmallIntegerField(_("vào đến vòng"), default=0)
    jury_score = models.DecimalField(
        _("điểm giám khảo (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    vote_count = models.PositiveIntegerField(_("lượt bình chọn"), default=0)
    final_score = models.DecimalField(
        _("điểm chung cuộc"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    flagged = models.BooleanField(_("có bình chọn dồn dập"), default=False)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh dự thi")
        verbose_name_plural = _("ảnh dự thi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["contest", "status", "created_at"], name="contest_entry_queue"),
            models.Index(fields=["contest", "round_reached"], name="contest_entry_round"),
            models.Index(fields=["member"], name="contest_entry_member"),
        ]

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    """One juror's score for one entry in one round (changeable while the
    round is open)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("điểm"))
    note = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm giám khảo")
        verbose_name_plural = _("điểm giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "juror"], name="contest_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.juror_id}={self.score}"


class Vote(models.Model):
    """A member's public vote for an entry: one per member and entry, held
    by the database (a second one at the same instant fails the constraint)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt bình chọn")
        verbose_name_plural = _("lượt bình chọn")
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="contest_vote_once"),
        ]
        indexes = [
            models.Index(fields=["contest", "member"], name="contest_vote_member"),
            models.Index(fields=["entry", "created_at"], name="contest_vote_time"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}→{self.entry_id}"


class VoteBurst(models.Model):
    """More votes for one entry within a minute than the contest's
    threshold: kept for officers to look at (the votes stay counted)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="bursts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="bursts")
    window_start = models.DateTimeField(_("phút bắt đầu"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=BurstStatus.choices, default=BurstStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bình chọn dồn dập")
        verbose_name_plural = _("bình chọn dồn dập")
        ordering = ["-window_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "window_start"], name="contest_burst_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.window_start:%d/%m %H:%M}"


class ContestPage(UnitWorkPageMixin, Page):
    """The contest's gallery on the organising unit's site: the winners'
    photos with their credits, once the unit approved the results."""

    contest = models.OneToOneField(
        Contest, verbose_name=_("cuộc thi ảnh"), on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("contest", read_only=True)]
    template = "contests/public/contest_page.html"

    class Meta:
        verbose_name = _("trang cuộc thi ảnh")
        verbose_name_plural = _("trang cuộc thi ảnh")

    def public_context(self) -> dict[str, Any]:
        from lantoa.contests.selectors import public_contest_context

        return public_contest_context(self)


def percent(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
