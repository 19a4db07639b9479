"""Press relations: outlets and journalists (the unit's contact book), press
releases and invitations with an embargo, and the clipping log
(docs/subsystems/press.md)."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from lantoa.org.public import OrgUnit
from lantoa.press.choices import (
    Beat,
    ClippingSource,
    OutletKind,
    ReleaseKind,
    ReleaseState,
    Tone,
)

RELEASE_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class Outlet(models.Model):
    """A newspaper, site or station a unit works with. Its RSS/Atom feed, when
    known, brings its new articles to the unit's clipping inbox."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="press_outlets"
    )
    name = models.CharField(_("tên cơ quan báo chí"), max_length=255)
    kind = models.CharField(
        _("loại hình"), max_length=20, choices=OutletKind.choices, default=OutletKind.ONLINE
    )
    website = models.URLField(_("trang web"), max_length=500, blank=True)
    feed_url = models.URLField(
        _("địa chỉ RSS/Atom"),
        max_length=500,
        blank=True,
        help_text=_("Bài mới của cơ quan báo chí được đọc tự động để ghi nhận bài phản ánh."),
    )
    reach = models.PositiveIntegerField(
        _("lượng độc giả ước tính"),
        null=True,
        blank=True,
        help_text=_("Dùng cho bài phản ánh không ghi lượng tiếp cận riêng."),
    )
    active = models.BooleanField(_("đang theo dõi"), default=True)
    feed_checked_at = models.DateTimeField(_("đọc RSS lần cuối"), null=True, blank=True)
    feed_error = models.CharField(_("lỗi đọc RSS"), max_length=500, blank=True)
    feed_etag = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cơ quan báo chí")
        verbose_name_plural = _("cơ quan báo chí")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="press_outlet_unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Journalist(models.Model):
    """A press contact of a unit. Releases go only to journalists who agreed
    to receive them (`consent`) and have not unsubscribed since."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="journalists"
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("cơ quan báo chí"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journalists",
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức danh"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)  # stored lower-case
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)  # E.164
    beats = models.JSONField(_("mảng phụ trách"), default=list, blank=True)
    consent = models.BooleanField(
        _("đồng ý nhận thông cáo"),
        default=False,
        help_text=_("Chỉ gửi thông cáo cho phóng viên đã đồng ý nhận."),
    )
    consent_at = models.DateTimeField(_("thời điểm đồng ý"), null=True, blank=True)
    consent_note = models.CharField(_("cách ghi nhận sự đồng ý"), max_length=255, blank=True)
    unsubscribed_at = models.DateTimeField(_("đã từ chối nhận lúc"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("phóng viên")
        verbose_name_plural = _("phóng viên")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "email"],
                condition=~Q(email=""),
                name="press_journalist_unit_email_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contactable(self) -> bool:
        return bool(self.email and self.consent and self.unsubscribed_at is None)

    def beat_labels(self) -> list[str]:
        labels = dict(Beat.choices)
        return [str(labels.get(b, b)) for b in self.beats]


class PressRelease(models.Model):
    """A press release or an invitation of a unit. It goes out only once the
    owning unit approved it, and never before its embargo."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="press_releases"
    )
    kind = models.CharField(
        _("loại"), max_length=20, choices=ReleaseKind.choices, default=ReleaseKind.RELEASE
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = RichTextField(_("nội dung"), features=RELEASE_FEATURES, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=200, blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail liên hệ"), blank=True)
    # A campaign of the campaigns app (its public id): campaigns sit above
    # press, so the reference is a plain value, never a foreign key.
    campaign_ref = models.UUIDField(_("chiến dịch"), null=True, blank=True, db_index=True)
    event_at = models.DateTimeField(_("thời gian sự kiện"), null=True, blank=True)
    event_place = models.CharField(_("địa điểm sự kiện"), max_length=255, blank=True)
    beats = models.JSONField(_("mảng đề tài"), default=list, blank=True)
    embargo_until = models.DateTimeField(
        _("cấm đăng trước"),
        null=True,
        blank=True,
        help_text=_("Không gửi đi trước thời điểm này, kể cả khi đã hẹn giờ gửi sớm hơn."),
    )
    send_at = models.DateTimeField(_("hẹn giờ gửi"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ReleaseState.choices, default=ReleaseState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông cáo báo chí")
        verbose_name_plural = _("thông cáo báo chí")
        indexes = [models.Index(fields=["state", "send_at"], name="press_release_due_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def due_at(self) -> datetime | None:
        """When it may leave: the later of the scheduled time and the embargo."""
        times = [t for t in (self.send_at, self.embargo_until) if t is not None]
        return max(times) if times else None


class ReleaseRecipient(models.Model):
    """A journalist a release is addressed to (chosen before approval, so the
    approver sees who will receive it)."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="recipients")
    journalist = models.ForeignKey(
        Journalist, on_delete=models.CASCADE, related_name="release_recipients"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["release", "journalist"], name="press_recipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.release_id} → {self.journalist_id}"


class Clipping(models.Model):
    """One article of the press about a unit's work: logged by hand or from an
    outlet's feed, optionally tied to a release and a campaign."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="press_clippings"
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("cơ quan báo chí"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clippings",
    )
    outlet_name = models.CharField(
        _("tên cơ quan báo chí"),
        max_length=255,
        blank=True,
        help_text=_("Khi cơ quan báo chí chưa có trong danh bạ."),
    )
    url = models.URLField(_("địa chỉ bài báo"), max_length=1000)
    title = models.CharField(_("tiêu đề"), max_length=500)
    published_on = models.DateField(_("ngày đăng"))
    tone = models.CharField(
        _("sắc thái"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL
    )
    reach = models.PositiveIntegerField(_("lượng tiếp cận"), null=True, blank=True)
    excerpt = models.TextField(_("trích đoạn"), blank=True)
    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("thông cáo liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clippings",
    )
    campaign_ref = models.UUIDField(_("chiến dịch"), null=True, blank=True, db_index=True)
    source = models.CharField(
        max_length=10, choices=ClippingSource.choices, default=ClippingSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("bài báo phản ánh")
        verbose_name_plural = _("bài báo phản ánh")
        constraints = [
            models.UniqueConstraint(fields=["unit", "url"], name="press_clipping_unit_url_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_name(self) -> str:
        return self.outlet.name if self.outlet_id and self.outlet else self.outlet_name

    @property
    def effective_reach(self) -> int:
        if self.reach is not None:
            return self.reach
        return (self.outlet.reach or 0) if self.outlet_id and self.outlet else 0


class FeedItem(models.Model):
    """An article read from an outlet's RSS/Atom feed, waiting in the unit's
    clipping inbox: an officer logs it as a clipping or dismisses it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="feed_items")
    guid = models.CharField(max_length=500)
    url = models.URLField(_("địa chỉ bài báo"), max_length=1000)
    title = models.CharField(_("tiêu đề"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    matched_terms = models.JSONField(_("từ khóa khớp"), default=list, blank=True)
    clipping = models.ForeignKey(
        Clipping, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("bài mới từ RSS/Atom")
        verbose_name_plural = _("bài mới từ RSS/Atom")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "guid"], name="press_feeditem_unique")
        ]

    def __str__(self) -> str:
        return self.title
