"""Ambassador sharing: share kits of a unit (texts per network, image,
hashtags), members who opted in as ambassadors, their personal short links
and the clicks on them, and each unit's rules for sharing
(docs/subsystems/advocacy.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.advocacy.choices import DigestFrequency, KitKind, KitState, Network
from lantoa.org.public import Member, OrgUnit


class SharePolicy(models.Model):
    """A unit's rules for what its members share: the networks allowed and
    the words it does not want in a suggested text. A unit's kits follow its
    own rules and those of every unit above it."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="share_policy"
    )
    networks = models.JSONField(_("mạng được chia sẻ"), default=list, blank=True)
    blocked_words = models.JSONField(_("từ ngữ không dùng"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định chia sẻ")
        verbose_name_plural = _("quy định chia sẻ")

    def __str__(self) -> str:
        return str(self.unit)


class ShareKit(models.Model):
    """What a unit invites its members to share: an article, a campaign or an
    event, with suggested texts, an image and hashtags. Members see it once
    the unit's approver published it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="share_kits"
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=KitKind.choices, default=KitKind.ARTICLE
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    url = models.URLField(_("địa chỉ được chia sẻ"), max_length=1000)
    slug = models.SlugField(max_length=80, editable=False)
    hashtags = models.JSONField(_("hashtag"), default=list, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A campaign of the campaigns app by its public id (campaigns sit above).
    campaign_ref = models.UUIDField(_("chiến dịch"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=KitState.choices, default=KitState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("mời chia sẻ từ"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("bộ chia sẻ")
        verbose_name_plural = _("bộ chia sẻ")

    def __str__(self) -> str:
        return self.title

    @property
    def hashtag_line(self) -> str:
        return " ".join(f"#{tag}" for tag in self.hashtags)


class KitText(models.Model):
    """The suggested text of a kit for one network."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="texts")
    network = models.CharField(_("mạng"), max_length=16, choices=Network.choices)
    text = models.TextField(_("lời giới thiệu gợi ý"))

    class Meta:
        ordering = ["kit", "network"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "network"], name="advocacy_kittext_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kit_id} · {self.network}"


class Ambassador(models.Model):
    """A member who chose to share the union's news. Leaving keeps the row
    (their past shares still count for the unit) but stops everything."""

    member = models.OneToOneField(
        Member, verbose_name=_("đoàn viên"), on_delete=models.CASCADE, related_name="ambassador"
    )
    active = models.BooleanField(_("đang tham gia"), default=True)
    on_board = models.BooleanField(
        _("hiện tên trên bảng xếp hạng"),
        default=True,
        help_text=_("Bỏ chọn để không hiện tên trên bảng xếp hạng (vẫn được tính cho đơn vị)."),
    )
    digest = models.CharField(
        _("thư tổng hợp"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(_("tham gia từ"))
    left_at = models.DateTimeField(_("thôi tham gia lúc"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("đại sứ chia sẻ")
        verbose_name_plural = _("đại sứ chia sẻ")

    def __str__(self) -> str:
        return str(self.member)


class ShareLink(models.Model):
    """An ambassador's personal short link to a kit for one network: the
    address they share, tagged with UTM parameters when followed."""

    code = models.CharField(max_length=16, unique=True)
    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="links")
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="links")
    network = models.CharField(max_length=16, choices=Network.choices)
    shared_at = models.DateTimeField(_("chia sẻ lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "ambassador", "network"], name="advocacy_link_unique"
            )
        ]
        indexes = [models.Index(fields=["shared_at"], name="advocacy_link_shared_idx")]

    def __str__(self) -> str:
        return self.code


class Click(models.Model):
    """One counted click on a personal link. `key` makes recording it
    idempotent (a click drained twice from the queue is stored once);
    `visitor` is a keyed hash of the address and browser under the day's key
    (no address is stored), so unique visitors are counted per day."""

    key = models.CharField(max_length=32, unique=True)
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="clicks")
    day = models.DateField()
    visitor = models.CharField(max_length=32)
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["link", "day", "visitor"], name="advocacy_click_unique_idx")
        ]

    def __str__(self) -> str:
        return self.key


class VisitorKey(models.Model):
    """The random key of one day's visitor hashes, destroyed the day after."""

    day = models.DateField(unique=True)
    key = models.CharField(max_length=64)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)
