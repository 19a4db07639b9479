"""Programmes with check-ins and events with speakers (docs/subsystems/event-programmes.md).

- A `Programme` (the mid-shift exercise, Tết visits and gifts) runs over the
  subtree of the unit that launches it; units below report `ProgrammeSession`s
  with their participants and photos; rates per unit and month are read from
  the sessions and the member counts.
- An `Event` (in person, online or both) is organised by a unit and approved
  by it; it has speakers and an agenda, registrations with a check-in code
  shown to the member as a QR, members' questions moderated by the
  organisers, and afterwards a recording link and a summary published on the
  event's page on the unit's site once the unit approved them.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, Page

from lantoa.core.site_pages import UnitWorkPageMixin
from lantoa.events.choices import (
    EventMode,
    EventState,
    ProgrammeKind,
    QuestionState,
    ReportState,
)
from lantoa.org.public import Member, OrgUnit

# -- programmes ---------------------------------------------------------------------


class Programme(models.Model):
    """A programme a unit launches for its subtree; units below report sessions."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị phát động"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên chương trình"), max_length=200)
    kind = models.CharField(
        _("loại"), max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.EXERCISE
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ProgrammeSession(models.Model):
    """One session a unit held (a morning's exercise, a day of Tết visits),
    with how many took part (and gifts given, for visits)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="sessions"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    held_on = models.DateField(_("ngày tổ chức"))
    participants = models.PositiveIntegerField(_("số người tham gia"))
    gifts = models.PositiveIntegerField(_("số suất quà"), default=0)
    members = models.PositiveIntegerField(
        _("số đoàn viên của đơn vị"),
        default=0,
        editable=False,
        help_text=_("Đoàn viên của đơn vị khi báo cáo: mẫu số của tỷ lệ tham gia."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("báo cáo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["programme", "unit_path", "held_on"], name="events_session_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.held_on:%d/%m/%Y}"


class SessionPhoto(models.Model):
    session = models.ForeignKey(ProgrammeSession, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="events/sessions/%Y/%m/", max_length=255)

    class Meta:
        verbose_name = _("ảnh buổi sinh hoạt")
        verbose_name_plural = _("ảnh buổi sinh hoạt")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name or ""


# -- events -------------------------------------------------------------------------


class Event(ClusterableModel):
    """An event with speakers, organised by a unit for its subtree. Members
    see it once the organising unit approved it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên sự kiện"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    summary = models.CharField(_("giới thiệu ngắn"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    mode = models.CharField(
        _("hình thức"), max_length=16, choices=EventMode.choices, default=EventMode.IN_PERSON
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    room_url = models.URLField(
        _("đường dẫn phòng họp trực tuyến"),
        max_length=500,
        blank=True,
        help_text=_("Phòng Jitsi hoặc BigBlueButton (https://…). Lantoa không lưu trữ video."),
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    registration_closes_at = models.DateTimeField(
        _("hạn đăng ký"), null=True, blank=True, help_text=_("Để trống: đến lúc bắt đầu.")
    )
    capacity = models.PositiveIntegerField(
        _("số chỗ"), null=True, blank=True, help_text=_("Để trống: không giới hạn.")
    )
    questions_open = models.BooleanField(
        _("nhận câu hỏi của đoàn viên"),
        default=True,
        help_text=_("Đoàn viên gửi câu hỏi trước và trong sự kiện; cán bộ duyệt trước khi hiện."),
    )
    share_text = models.TextField(
        _("lời giới thiệu khi chia sẻ"),
        blank=True,
        help_text=_("Để trống: Lantoa soạn từ tên, thời gian và địa điểm."),
    )
    relay_down = models.BooleanField(
        _("lan tỏa xuống đơn vị cấp dưới"),
        default=False,
        help_text=_(
            "Khi sự kiện được duyệt, Lantoa soạn sẵn bản nháp định hướng tuyên truyền "
            "để đơn vị gửi các đơn vị cấp dưới đăng lại."
        ),
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=EventState.choices, default=EventState.DRAFT
    )
    review_note = models.TextField(_("ý kiến của người duyệt"), blank=True)
    recording_url = models.URLField(_("đường dẫn bản ghi"), max_length=500, blank=True)
    report_summary = models.TextField(_("tóm tắt sự kiện"), blank=True)
    report_state = models.CharField(
        _("bản ghi và tóm tắt"),
        max_length=16,
        choices=ReportState.choices,
        default=ReportState.NONE,
    )
    report_published_at = models.DateTimeField(_("đăng tóm tắt lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["state", "starts_at"], name="events_state_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="events_times_ordered",
                violation_error_message="Thời gian kết thúc phải sau thời gian bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == EventState.APPROVED

    @property
    def is_online(self) -> bool:
        return self.mode in (EventMode.ONLINE, EventMode.HYBRID)

    @property
    def has_venue(self) -> bool:
        return self.mode in (EventMode.IN_PERSON, EventMode.HYBRID)


class Speaker(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="speakers")
    full_name = models.CharField(_("họ và tên"), max_length=128)
    position = models.CharField(_("chức danh"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan"), max_length=200, blank=True)
    bio = models.TextField(_("giới thiệu"), blank=True)

    panels = [
        FieldPanel("full_name"),
        FieldPanel("position"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("diễn giả")
        verbose_name_plural = _("diễn giả")

    def __str__(self) -> str:
        return self.full_name


class AgendaItem(Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField(_("giờ"))
    title = models.CharField(_("nội dung"), max_length=200)
    speaker_name = models.CharField(_("người trình bày"), max_length=128, blank=True)

    panels = [FieldPanel("starts_at"), FieldPanel("title"), FieldPanel("speaker_name")]

    class Meta(Orderable.Meta):
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình sự kiện")

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"


class Registration(models.Model):
    """A member registered for an event, with the code their QR carries to
    the door. The unit is the member's when they registered."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        Member, verbose_name=_("đoàn viên"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    code = models.CharField(_("mã điểm danh"), max_length=16, unique=True)
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("người đăng ký")
        verbose_name_plural = _("người đăng ký")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="events_registration_once"),
        ]
        indexes = [models.Index(fields=["event", "unit_path"], name="events_reg_unit")]

    def __str__(self) -> str:
        return f"{self.member.full_name} · {self.event}"


class Question(models.Model):
    """A member's question for the speakers, shown to others once approved."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    member = models.ForeignKey(
        Member, verbose_name=_("đoàn viên"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False)
    text = models.TextField(_("câu hỏi"), max_length=1000)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=QuestionState.choices,
        default=QuestionState.PENDING,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "state"], name="events_question_queue")]

    def __str__(self) -> str:
        return self.text[:60]


class EventPage(UnitWorkPageMixin, Page):
    """The event's public page on the organising unit's site: what it is,
    speakers and agenda, how to join; afterwards the recording and summary
    the unit approved. Members' names never appear here."""

    event = models.OneToOneField(
        Event, verbose_name=_("sự kiện"), on_delete=models.PROTECT, related_name="page"
    )

    content_panels = [*Page.content_panels, FieldPanel("event", read_only=True)]
    template = "events/public/event_page.html"

    class Meta:
        verbose_name = _("trang sự kiện")
        verbose_name_plural = _("trang sự kiện")

    def public_context(self) -> dict[str, Any]:
        from lantoa.events.selectors import public_event_context

        return public_event_context(self.event)
