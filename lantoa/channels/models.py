"""Channel accounts, posts and the outbox (docs/subsystems/channel-publishing.md).

A Post is what a unit wants to say; a Delivery is that post on one channel
account and carries the outbox state; a DeliveryAttempt records every call to
a platform *before* it is made, so a crash in between can be reconciled
instead of blindly repeated (../shared/design/OUTBOX.md).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.channels.choices import (
    AccountState,
    AttemptOutcome,
    DeliveryStatus,
    Platform,
    PostSource,
    PostStatus,
)
from lantoa.org.public import OrgUnit


class ChannelAccount(models.Model):
    public_id = models.UUIDField(_("mã công khai"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="channel_accounts"
    )
    platform = models.CharField(_("nền tảng"), max_length=32, choices=Platform.choices)
    name = models.CharField(_("tên kênh"), max_length=255, blank=True)
    external_id = models.CharField(_("mã trên nền tảng"), max_length=128, blank=True)
    # Fernet ciphertext of a JSON object (tokens, secrets); see lantoa.core.crypto.
    credentials_encrypted = models.TextField(
        _("thông tin xác thực (mã hoá)"), blank=True, editable=False
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=AccountState.choices, default=AccountState.ACTIVE
    )
    auto_post_articles = models.BooleanField(
        _("tự động đăng bài viết mới"),
        default=True,
        help_text=_("Khi một bài viết của đơn vị được xuất bản, tạo bài đăng trên kênh này."),
    )
    article_template = models.TextField(
        _("mẫu bài đăng từ bài viết"),
        blank=True,
        help_text=_(
            "Các biến: {title}, {lead}, {url}, {unit}, {hashtags}. Bỏ trống để dùng mẫu mặc định."
        ),
    )
    # When the access token must be renewed by (Zalo OA with a refresh token; the
    # same instant is inside the encrypted credentials). Not a secret: the periodic
    # refresh finds due channels without decrypting every row.
    token_expires_at = models.DateTimeField(
        _("token hết hạn lúc"), null=True, blank=True, editable=False
    )
    last_success_at = models.DateTimeField(_("lần đăng thành công gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_at = models.DateTimeField(_("lỗi gần nhất lúc"), null=True, blank=True)
    followers = models.PositiveIntegerField(_("người theo dõi"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kênh")
        verbose_name_plural = _("kênh")
        ordering = ["unit__path", "platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"],
                condition=~Q(external_id=""),
                name="channel_account_unique_external",
            )
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.name or self.external_id}"


class Post(models.Model):
    public_id = models.UUIDField(_("mã công khai"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="posts"
    )
    source = models.CharField(
        _("nguồn"), max_length=16, choices=PostSource.choices, default=PostSource.MANUAL
    )
    # The thing this post shares (an article page, a directive, …), if any.
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_id = models.CharField(_("mã nguồn"), max_length=64, blank=True)
    text = models.TextField(_("nội dung"))
    link = models.URLField(_("liên kết"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The unit's approval (services/review.py): nothing is queued before APPROVED.
    status = models.CharField(
        _("trạng thái duyệt"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    # What the author asked for when submitting: the channels (ids) and the time,
    # queued as asked when an approver approves.
    requested_channels = models.JSONField(_("kênh đề nghị"), default=list, blank=True)
    requested_at = models.DateTimeField(_("giờ đăng đề nghị"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của người duyệt"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bài đăng")
        verbose_name_plural = _("bài đăng")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["status", "unit"], name="post_status_unit"),
        ]
        constraints = [
            # A published item is shared once, however many publishes race
            # (services/autopost.py relies on it).
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(source="article", source_type__isnull=False),
                name="post_one_share_per_published_item",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PostMedia(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Ảnh")
        VIDEO = "video", _("Video")

    post = models.ForeignKey(
        Post, verbose_name=_("bài đăng"), on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.IMAGE)
    file = models.FileField(_("tệp"), upload_to="channels/media/%Y/%m/", max_length=255)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.file.name or ""


class Delivery(models.Model):
    public_id = models.UUIDField(_("mã công khai"), default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(
        Post, verbose_name=_("bài đăng"), on_delete=models.CASCADE, related_name="deliveries"
    )
    account = models.ForeignKey(
        ChannelAccount, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("kênh")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    text_override = models.TextField(_("nội dung riêng cho kênh"), blank=True)
    scheduled_at = models.DateTimeField(_("hẹn giờ"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("lần gửi tiếp theo lúc"), null=True, blank=True, db_index=True
    )
    attempt_count = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # Travels with the post (e.g. `?lt=<marker>` on the link) so a crash can be reconciled.
    marker = models.CharField(_("mã theo dõi"), max_length=24, unique=True)
    external_id = models.CharField(_("mã bài trên nền tảng"), max_length=128, blank=True)
    external_url = models.URLField(_("địa chỉ bài trên nền tảng"), max_length=500, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_code = models.CharField(_("mã lỗi gần nhất"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("đã đăng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "account"], name="delivery_unique_post_account"
            ),
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=~Q(external_id=""),
                name="delivery_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # The calendar's "published" range (status = sent, sent_at in a window,
            # ordered by sent_at): equality first, then the range.
            models.Index(fields=["status", "sent_at"], name="delivery_status_sent_at"),
            # Analytics by unit-month (a unit's accounts, then the months of
            # sent_at) and a channel's recent posts (metrics pull).
            models.Index(fields=["account", "sent_at"], name="delivery_account_sent_at"),
            # The outbox workers' claim (`deliveries_claim_due`): the claimable
            # rows in claim order, so a claim reads its batch and stops. A
            # fan-out schedules all its deliveries at one instant; ordered by
            # next_attempt_at alone, every claim sorted the whole tie by id
            # (385 ms with 88,000 due, 0.3 ms with this index).
            models.Index(
                fields=["next_attempt_at", "id"],
                name="delivery_claimable",
                condition=models.Q(status__in=["queued", "retrying", "scheduled"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} → {self.account} [{self.status}]"


class AutopostOverride(models.Model):
    """One published item's own auto-post choices (an article, through a generic
    reference: channels knows nothing of articles): not at all, not on some
    channels, or with its own text on some. Read once, when the item is shared."""

    source_type = models.ForeignKey(
        ContentType, verbose_name=_("loại nguồn"), on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.CharField(_("mã nguồn"), max_length=64)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    skip_all = models.BooleanField(_("không tự động đăng"), default=False)
    # Channel ids (as strings, JSON keys) → own text; ids of channels to leave out.
    channel_texts = models.JSONField(_("nội dung riêng theo kênh"), default=dict, blank=True)
    skipped_channels = models.JSONField(_("kênh bỏ qua"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tuỳ chỉnh tự động đăng")
        verbose_name_plural = _("tuỳ chỉnh tự động đăng")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="autopost_override_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id}"

    def text_for(self, account_id: int) -> str:
        return str(self.channel_texts.get(str(account_id)) or "")

    def skips(self, account_id: int) -> bool:
        return self.skip_all or account_id in {int(i) for i in self.skipped_channels}


class DeliveryAttempt(models.Model):
    """One call to a platform, recorded before the call and completed after."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("lượt gửi"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(
        _("lần"),
    )
    outcome = models.CharField(
        _("kết quả"), max_length=16, choices=AttemptOutcome.choices, default=AttemptOutcome.PENDING
    )
    started_at = models.DateTimeField(
        _("bắt đầu lúc"),
    )
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("mã HTTP"), null=True, blank=True)
    error_code = models.CharField(_("mã lỗi"), max_length=64, blank=True)
    error_message = models.TextField(_("nền tảng báo"), blank=True)
    retry_after_seconds = models.FloatField(
        _("chờ trước khi thử lại (giây)"), null=True, blank=True
    )
    worker = models.CharField(_("tiến trình gửi"), max_length=64, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="attempt_unique_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.outcome}"


class InboundEvent(models.Model):
    """One webhook request exactly as it arrived, stored before anything is done with it.

    Requests with a bad signature are kept too (signature_valid=False, body cut short)
    so an attack can be examined; they are never processed."""

    platform = models.CharField(_("nền tảng"), max_length=32, choices=Platform.choices)
    account = models.ForeignKey(
        ChannelAccount,
        verbose_name=_("kênh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_events",
    )
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now, db_index=True)
    # Only the headers that matter (signature, timestamp, content type); never cookies.
    headers = models.JSONField(_("tiêu đề HTTP"), default=dict, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    signature_valid = models.BooleanField(
        _("chữ ký hợp lệ"),
    )
    processed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("sự kiện webhook")
        verbose_name_plural = _("sự kiện webhook")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["signature_valid", "processed_at"])]

    def __str__(self) -> str:
        return f"{self.platform} {self.received_at:%Y-%m-%d %H:%M:%S}"


class InboundMessage(models.Model):
    """A comment, a reply or a message that reached one of our channels."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Bình luận")
        REPLY = "reply", _("Trả lời bình luận")
        MESSAGE = "message", _("Tin nhắn")

    account = models.ForeignKey(
        ChannelAccount,
        verbose_name=_("kênh"),
        on_delete=models.CASCADE,
        related_name="inbound_messages",
    )
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("lượt gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
    )
    event = models.ForeignKey(
        InboundEvent,
        verbose_name=_("sự kiện webhook"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    platform = models.CharField(_("nền tảng"), max_length=32, choices=Platform.choices)
    external_id = models.CharField(_("mã trên nền tảng"), max_length=255)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    # HMAC of the platform's user id with SECRET_KEY: the same person is recognisable
    # across messages, the platform id itself is not stored (see services/inbound.py).
    author_ref = models.CharField(_("mã người viết"), max_length=64, blank=True, db_index=True)
    author_name = models.CharField(_("tên người viết"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(_("viết lúc"), db_index=True)
    parent_external_id = models.CharField(_("trả lời cho"), max_length=255, blank=True)
    is_hidden = models.BooleanField(_("đã ẩn"), default=False)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bình luận/tin nhắn đến")
        verbose_name_plural = _("bình luận/tin nhắn đến")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="inbound_message_unique_external"
            )
        ]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class MetricSnapshot(models.Model):
    """Figures read from a platform at one moment: a post's (delivery set) or the
    channel's (delivery empty: followers). Lifetime counts, so the newest wins."""

    account = models.ForeignKey(
        ChannelAccount,
        verbose_name=_("kênh"),
        on_delete=models.CASCADE,
        related_name="metric_snapshots",
    )
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("lượt gửi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="metric_snapshots",
    )
    taken_at = models.DateTimeField(_("đo lúc"), default=timezone.now)
    reach = models.PositiveIntegerField(_("lượt tiếp cận/xem"), null=True, blank=True)
    reactions = models.PositiveIntegerField(_("lượt bày tỏ cảm xúc"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("bình luận"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("lượt chia sẻ"), null=True, blank=True)
    followers = models.PositiveIntegerField(_("người theo dõi"), null=True, blank=True)
    raw = models.JSONField(_("dữ liệu gốc"), default=dict, blank=True)

    class Meta:
        verbose_name = _("số liệu kênh")
        verbose_name_plural = _("số liệu kênh")
        ordering = ["-taken_at"]
        indexes = [
            models.Index(fields=["delivery", "-taken_at"]),
            models.Index(fields=["account", "-taken_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.taken_at:%Y-%m-%d %H:%M}"
