"""The online race (docs/subsystems/race.md): races owned by a unit, members'
registrations with bib numbers, uploaded activities and their automatic
checks, appeals, results rolled up per unit, certificates, and the race's
public page on the organising unit's site."""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from lantoa.core.models import ApprovalFields
from lantoa.core.public_urls import PublicAddressPageMixin
from lantoa.core.site_pages import UnitWorkPageMixin
from lantoa.core.storage import private_storage
from lantoa.org.public import Member, OrgUnit
from lantoa.race.choices import (
    ActivitySource,
    ActivityStatus,
    AppealStatus,
    RaceState,
    Sport,
)


def _default_sports() -> list[str]:
    return [Sport.RUN, Sport.WALK]


class Race(ApprovalFields):
    """A race organised by a unit for the members of its subtree (or of the
    units it names). Members see it once the organising unit approved it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên giải"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=RaceState.choices, default=RaceState.DRAFT
    )
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    registration_closes_on = models.DateField(
        _("hạn đăng ký"), null=True, blank=True, help_text=_("Để trống: đăng ký đến hết giải.")
    )
    submission_deadline = models.DateTimeField(
        _("hạn nộp hoạt động"),
        help_text=_("Sau thời điểm này không nhận thêm hoạt động."),
    )
    eligible_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("đơn vị được tham gia"),
        blank=True,
        related_name="+",
        help_text=_(
            "Đoàn viên của các đơn vị này và đơn vị cấp dưới được đăng ký. "
            "Để trống: toàn bộ đơn vị tổ chức."
        ),
    )
    # Rules
    sports = models.JSONField(_("môn"), default=_default_sports)
    min_pace_s = models.PositiveIntegerField(
        _("tốc độ nhanh nhất (giây/km)"),
        default=180,
        help_text=_("Mỗi cây số nhanh hơn mức này bị xem xét (180 = 3:00 phút/km)."),
    )
    max_pace_s = models.PositiveIntegerField(
        _("tốc độ chậm nhất (giây/km)"),
        default=1200,
        help_text=_("Mỗi cây số chậm hơn mức này bị xem xét (1200 = 20:00 phút/km)."),
    )
    min_activity_km = models.DecimalField(
        _("cự ly tối thiểu mỗi hoạt động (km)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
    )
    daily_cap_km = models.DecimalField(
        _("giới hạn km mỗi ngày"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Phần vượt không được tính. Để trống: không giới hạn."),
    )
    max_activities_per_day = models.PositiveSmallIntegerField(
        _("số hoạt động tối đa mỗi ngày"), null=True, blank=True
    )
    allow_manual = models.BooleanField(_("cho phép nhập tay"), default=False)
    allow_treadmill = models.BooleanField(_("cho phép chạy máy, trong nhà"), default=False)
    finisher_km = models.DecimalField(
        _("cự ly hoàn thành (km)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("30.00"),
        help_text=_("Đạt cự ly này thì nhận chứng nhận điện tử."),
    )
    bib_prefix = models.CharField(_("tiền tố số báo danh"), max_length=8, blank=True)
    bib_next = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giải chạy")
        verbose_name_plural = _("giải chạy")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["state", "ends_on"], name="race_state_ends")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="race_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_pace_s__gt=models.F("min_pace_s")),
                name="race_pace_window",
                violation_error_message=(
                    "Tốc độ chậm nhất phải lớn hơn tốc độ nhanh nhất (giây/km)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == RaceState.APPROVED

    def sport_labels(self) -> list[str]:
        return [str(Sport(s).label) for s in self.sports if s in Sport.values]


class Registration(models.Model):
    """A member in a race, with a bib number. The totals are those of the
    member's accepted activities (kept by the services); the unit is the
    member's unit when they registered, so results stay where they were won."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        Member, verbose_name=_("đoàn viên"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    bib_number = models.PositiveIntegerField()
    bib = models.CharField(_("số báo danh"), max_length=20)
    total_m = models.BigIntegerField(_("quãng đường được tính (m)"), default=0)
    activity_count = models.PositiveIntegerField(_("số hoạt động được tính"), default=0)
    moving_s = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vận động viên")
        verbose_name_plural = _("vận động viên")
        constraints = [
            models.UniqueConstraint(fields=["race", "member"], name="race_registration_once"),
            models.UniqueConstraint(fields=["race", "bib_number"], name="race_bib_unique"),
        ]
        indexes = [
            # Boards read pages of ids straight from this index (the id makes
            # it covering: deep pages and ranks need not visit the table).
            models.Index(
                "race", models.F("total_m").desc(), "bib_number", "id", name="race_reg_board"
            ),
            models.Index(fields=["race", "unit_path"], name="race_reg_unit"),
            models.Index(fields=["member"], name="race_reg_member"),
        ]

    def __str__(self) -> str:
        return f"{self.bib} {self.member.full_name}"

    @property
    def total_km(self) -> Decimal:
        return (Decimal(self.total_m) / 1000).quantize(Decimal("0.01"))


class Activity(models.Model):
    """One upload (or manual entry). The file is stored first; a task reads
    it and runs the automatic checks (`race.processing`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="activities"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PENDING,
    )
    source = models.CharField(_("nguồn"), max_length=8, choices=ActivitySource.choices)
    sport = models.CharField(_("môn"), max_length=16, choices=Sport.choices)
    file = models.FileField(
        storage=private_storage, upload_to="race/activities/%Y/%m/", blank=True, max_length=255
    )
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    local_date = models.DateField(_("ngày"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("quãng đường (m)"), default=0)
    moving_s = models.PositiveIntegerField(_("thời gian (giây)"), default=0)
    counted_m = models.PositiveIntegerField(_("được tính (m)"), default=0)
    indoor = models.BooleanField(_("trong nhà"), default=False)
    # [{"code": CheckCode, "severity": Severity, "message": "…"}], in check order
    findings = models.JSONField(_("kết quả kiểm tra"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến cán bộ"), blank=True)
    created_at = models.DateTimeField(_("nộp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["registration", "local_date"], name="race_act_day"),
            models.Index(fields=["race", "status", "created_at"], name="race_act_queue"),
            models.Index(fields=["race", "file_sha256"], name="race_act_sha"),
            models.Index(fields=["race", "fingerprint"], name="race_act_fp"),
        ]

    def __str__(self) -> str:
        when = self.local_date.strftime("%d/%m/%Y") if self.local_date else "…"
        return f"{self.get_sport_display()} {when} ({self.distance_m / 1000:.2f} km)"

    @property
    def distance_km(self) -> Decimal:
        return (Decimal(self.distance_m) / 1000).quantize(Decimal("0.01"))

    @property
    def counted_km(self) -> Decimal:
        return (Decimal(self.counted_m) / 1000).quantize(Decimal("0.01"))

    @property
    def pace_s(self) -> int | None:
        if not self.distance_m or not self.moving_s:
            return None
        return round(self.moving_s * 1000 / self.distance_m)


class Appeal(models.Model):
    """A member asks the organisers to count an activity the checks refused."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="appeal")
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("nội dung khiếu nại"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    decision_note = models.TextField(_("trả lời"), blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["race", "status"], name="race_appeal_queue")]

    def __str__(self) -> str:
        return f"Khiếu nại: {self.activity}"


class UnitResult(models.Model):
    """A race's results rolled up at one unit (its whole subtree): kept
    current by the services, one row per unit with registered members."""

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="unit_results")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    registered = models.PositiveIntegerField(_("số vận động viên"), default=0)
    active = models.PositiveIntegerField(_("số người có kết quả"), default=0)
    total_m = models.BigIntegerField(_("tổng quãng đường (m)"), default=0)

    class Meta:
        verbose_name = _("kết quả đơn vị")
        verbose_name_plural = _("kết quả đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["race", "unit"], name="race_unit_result_once"),
        ]
        indexes = [models.Index(fields=["race", "depth", "unit_path"], name="race_unit_level")]

    def __str__(self) -> str:
        return f"{self.race_id}:{self.unit_path}"

    @property
    def total_km(self) -> Decimal:
        return (Decimal(self.total_m) / 1000).quantize(Decimal("0.01"))

    @property
    def average_km(self) -> Decimal:
        if not self.registered:
            return Decimal("0.00")
        return (Decimal(self.total_m) / 1000 / self.registered).quantize(Decimal("0.01"))


class Certificate(models.Model):
    """An e-certificate: what it certified, frozen when issued, and the code
    its QR carries to the public verification page."""

    code = models.CharField(_("mã xác minh"), max_length=16, unique=True)
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="+")
    member_name = models.CharField(_("họ và tên"), max_length=128)
    unit_name = models.CharField(_("đơn vị"), max_length=255)
    race_title = models.CharField(_("giải"), max_length=200)
    bib = models.CharField(_("số báo danh"), max_length=20)
    distance_m = models.BigIntegerField(_("quãng đường (m)"))
    issued_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")

    def __str__(self) -> str:
        return f"{self.code} {self.member_name}"

    @property
    def distance_km(self) -> Decimal:
        return (Decimal(self.distance_m) / 1000).quantize(Decimal("0.01"))


class RacePage(UnitWorkPageMixin, PublicAddressPageMixin, Page):  # type: ignore[misc]
    """The race's public page on the organising unit's site: what the race
    is, its rules, and the boards Lantoa computes (units only: members'
    names stay in the member area)."""

    race = models.OneToOneField(
        Race, verbose_name=_("giải chạy"), on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("race", read_only=True)]
    template = "race/public/race_page.html"

    class Meta:
        verbose_name = _("trang giải chạy")
        verbose_name_plural = _("trang giải chạy")

    def public_context(self) -> dict[str, Any]:
        from lantoa.race.selectors import public_race_context

        return public_race_context(self)
