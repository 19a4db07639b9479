"""Intake: every tip is a `Report`, stored as it came; its URL's `Snapshot`
is taken before anyone looks at it (the content may vanish)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.storage import private_storage
from lantoa.incidents.choices import Platform, ReportSource, ReportState, SnapshotState
from lantoa.org.public import OrgUnit


class Tipline(models.Model):
    """A channel account (Zalo OA, Telegram bot…) whose private messages are
    members' tips for `unit`. With `keyword`, only messages that contain it."""

    account = models.OneToOneField(
        "social_channels.ChannelAccount",
        verbose_name=_("kênh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị nhận tin"), on_delete=models.CASCADE, related_name="+"
    )
    keyword = models.CharField(
        _("từ khoá"),
        max_length=40,
        blank=True,
        help_text=_("Để trống: mọi tin nhắn riêng gửi kênh đều là tin báo. Ví dụ: #baotin."),
    )
    acknowledgement = models.TextField(
        _("lời cảm ơn tự động"),
        blank=True,
        help_text=_("Gửi lại người báo tin ngay khi nhận. Để trống: không gửi."),
    )
    active = models.BooleanField(_("đang nhận tin"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kênh nhận tin báo")
        verbose_name_plural = _("kênh nhận tin báo")
        ordering = ["unit__path", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.account_id}"


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(_("nguồn tin"), max_length=16, choices=ReportSource.choices)
    # What makes intake idempotent: "alert:12", "opinion:40", "inbound:7"; a
    # form or an officer's report gets its own uuid.
    source_key = models.CharField(max_length=100, unique=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    platform = models.CharField(_("nền tảng"), max_length=16, choices=Platform.choices, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    screenshot = models.ImageField(
        _("ảnh chụp màn hình"),
        storage=private_storage,
        upload_to="incidents/reports/%Y/%m/",
        max_length=255,
        blank=True,
    )
    reporter_name = models.CharField(_("người báo"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("liên hệ người báo"), max_length=200, blank=True)
    # The tip that came through a channel: the message to answer.
    inbound_message = models.ForeignKey(
        "social_channels.InboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alert = models.ForeignKey(
        "listening.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opinion = models.ForeignKey(
        "listening.Opinion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("tình trạng"), max_length=16, choices=ReportState.choices, default=ReportState.NEW
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("sự cố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    dismissed_reason = models.CharField(_("lý do"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("nhận lúc"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tin báo")
        verbose_name_plural = _("tin báo")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["unit", "state", "received_at"])]

    def __str__(self) -> str:
        return (self.text or self.url or str(self.public_id))[:80]


class Snapshot(models.Model):
    """The reported page as Lantoa fetched it: the HTML, its text, and a
    Chromium screenshot where a browser is available. Files are private."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="snapshot")
    url = models.URLField(max_length=1000)
    state = models.CharField(
        max_length=16, choices=SnapshotState.choices, default=SnapshotState.PENDING
    )
    final_url = models.URLField(max_length=1000, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    html = models.FileField(
        storage=private_storage, upload_to="incidents/snapshots/%Y/%m/", max_length=255, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    screenshot = models.FileField(
        storage=private_storage, upload_to="incidents/snapshots/%Y/%m/", max_length=255, blank=True
    )
    screenshot_error = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bằng chứng lưu lại")
        verbose_name_plural = _("bằng chứng lưu lại")

    def __str__(self) -> str:
        return self.url
