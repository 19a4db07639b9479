"""Cross-cutting records: the audit log, domain events, each site's public address.

API tokens are Wagtail's own (`wagtail.models.APIToken`, with its admin screen).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting


class AuditLogEntry(models.Model):
    """Who changed what, when, and why (Zulip's RealmAuditLog idea).

    `unit_path` is the treebeard path of the unit the change belongs to, so an
    upper unit can read the log of its whole subtree with one prefix filter
    without `core` depending on `org`.
    """

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A system actor's name ("channels.outbox_sweep") or "anonymous"; empty
    # when `actor` says who (lantoa/core/actors.py).
    actor_name = models.CharField(_("tác nhân hệ thống"), max_length=100, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class StoredEvent(models.Model):
    """A domain event, stored in the transaction that made it true (the
    outbox of lantoa/core/events.py). `key` names the fact: an event with the
    same name and key is stored once, so re-announcing a fact is harmless."""

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "key"],
                condition=~models.Q(key=""),
                name="core_event_name_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class EventDelivery(models.Model):
    """One subscriber's copy of an event: pending until its handler has run
    and committed, done after; failed after too many attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        DONE = "done", _("Đã xử lý")
        FAILED = "failed", _("Thất bại")

    event = models.ForeignKey(StoredEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    enqueued_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscriber"], name="core_event_delivery_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["enqueued_at"],
                condition=models.Q(status="pending"),
                name="core_event_delivery_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscriber} ({self.status})"


class PublicAddress(BaseSiteSetting):
    """The address readers reach a site at (lantoa/core/public_urls.py)."""

    base_url = models.URLField(
        _("địa chỉ công khai"),
        blank=True,
        help_text=_(
            "Địa chỉ bạn đọc mở trang này, ví dụ https://congdoandaukhi.vn. Mọi liên kết "
            "tuyệt đối (RSS, sơ đồ trang, bản tin e-mail và PDF, bài đăng mạng xã hội) bắt "
            "đầu bằng địa chỉ này. Để trống: dùng LANTOA_BASE_URL của máy chủ."
        ),
    )

    class Meta:
        verbose_name = _("địa chỉ công khai")
        verbose_name_plural = _("địa chỉ công khai")

    def __str__(self) -> str:
        return self.base_url or str(_("(theo LANTOA_BASE_URL)"))


class ApprovalFields(models.Model):
    """Who approved a unit's piece of work (a race, a contest), when, and the
    approver's note: fields `lantoa.core.approval` writes. Each model keeps
    its own `state` (its choices), eligible units and submission time."""

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến của người duyệt"), blank=True)

    class Meta:
        abstract = True
