"""The bulletin ("Bản tin") of a unit: issues, their articles, subscriptions,
the suppression list and one Delivery row per recipient of a sent issue
(docs/subsystems/bulletin-sending.md).

Articles are Wagtail pages referenced through `wagtail.models.Page`; the
bulletin never imports the newsroom (layer 3). What it reads from a page is
the small protocol of `bulletin.content`.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from lantoa.bulletin.choices import DeliveryState, IssueState, SubscriberState, SuppressionReason
from lantoa.org.public import Member, OrgUnit

EDITORIAL_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Bulletin(models.Model):  # type: ignore[django-manager-missing]
    """One unit's bulletin. Its readers: the members of the unit's subtree
    (unless they opted out) and confirmed external subscribers."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="bulletin"
    )
    name = models.CharField(_("tên bản tin"), max_length=200)
    tagline = models.CharField(_("khẩu hiệu"), max_length=200, blank=True)
    reply_to = models.EmailField(_("địa chỉ nhận phản hồi"), blank=True)
    is_active = models.BooleanField(_("đang phát hành"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản tin")
        verbose_name_plural = _("bản tin")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.name


class Issue(ClusterableModel):
    """One issue ("Số 10/2023"): draft → approved (by the unit's approver) → sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bản tin"), on_delete=models.PROTECT, related_name="issues"
    )
    number = models.PositiveIntegerField(_("số"))
    year = models.PositiveIntegerField(_("năm"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editorial = RichTextField(_("lời tòa soạn"), blank=True, features=EDITORIAL_FEATURES)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=IssueState.choices, default=IssueState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_started_at = models.DateTimeField(_("bắt đầu gửi"), null=True, blank=True)
    # Set once every recipient has a Delivery row (the send's intent list).
    recipients_prepared_at = models.DateTimeField(null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("số người nhận"), default=0)
    # Touched by every batch: a sending issue whose heartbeat stops has lost its worker.
    send_heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    pdf = models.FileField(_("bản PDF"), upload_to="bulletin/pdf/", blank=True)
    pdf_pages = models.PositiveIntegerField(default=0)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số bản tin")
        verbose_name_plural = _("số bản tin")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "year", "number"], name="bulletin_issue_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.title}"

    @property
    def label(self) -> str:
        return f"Số {self.number}/{self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state == IssueState.DRAFT


class IssueArticle(Orderable):
    """An article in an issue. Consecutive rows with the same section form one
    section; a blank section continues the previous one."""

    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="articles")
    section = models.CharField(
        _("chuyên mục"),
        max_length=120,
        blank=True,
        help_text=_("Để trống: cùng chuyên mục với bài trước."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tin bài"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("bài trong số")
        verbose_name_plural = _("bài trong số")

    def __str__(self) -> str:
        return f"{self.section}: {self.page}"


class Delivery(models.Model):
    """One recipient of one issue. Created (pending) for every recipient before
    the first message leaves; claimed ("sending") and committed before the SMTP
    call; settled after it. The unique (issue, email) pair is what makes a
    resumed send skip nobody and repeat nobody."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("e-mail"), max_length=254)
    name = models.CharField(_("tên"), max_length=128, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subscriber = models.ForeignKey(
        "bulletin.ExternalSubscriber",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="bulletin_delivery_unique")
        ]
        indexes = [models.Index(fields=["issue", "state", "id"], name="bulletin_delivery_queue")]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.email}"

    @property
    def message_id(self) -> str:
        return message_id_for(self.issue.public_id, self.email)


def message_id_for(issue_public_id: uuid.UUID, email: str) -> str:
    """The same Message-ID every time this issue goes to this address, so a
    message resent after a crash is recognised as the same message."""
    digest = hashlib.sha256(f"{issue_public_id}:{email.lower()}".encode()).hexdigest()[:24]
    return f"<bt-{issue_public_id.hex[:16]}-{digest}@lantoa.bulletin>"


class MemberOptOut(models.Model):
    """A member who does not want this bulletin (members are in by default)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="bulletin_opt_outs")
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="opt_outs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đoàn viên từ chối nhận")
        verbose_name_plural = _("đoàn viên từ chối nhận")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "member"], name="bulletin_optout_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ↛ {self.bulletin_id}"


class ExternalSubscriber(models.Model):
    """A reader outside the membership, subscribed by double opt-in."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("bản tin"), on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    name = models.CharField(_("họ tên"), max_length=128, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SubscriberState.choices,
        default=SubscriberState.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người đăng ký ngoài")
        verbose_name_plural = _("người đăng ký ngoài")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "email"], name="bulletin_subscriber_unique")
        ]
        indexes = [models.Index(fields=["bulletin", "state", "id"])]

    def __str__(self) -> str:
        return self.email


class Suppression(models.Model):
    """An address nothing is sent to: hard bounces, complaints, manual imports."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)  # stored lower-case
    reason = models.CharField(_("lý do"), max_length=16, choices=SuppressionReason.choices)
    source = models.CharField(_("nguồn"), max_length=64, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ chặn gửi")
        verbose_name_plural = _("địa chỉ chặn gửi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.email


class Mailing(models.Model):
    """A one-off message another app sends to a list of addresses through the
    bulletin's machinery (a press release to journalists): the same
    claim-before-send, exactly-once-per-address sending as an issue. `source`
    names what it carries ("press.release:<id>"), so asking twice sends once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=120, unique=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    from_name = models.CharField(max_length=200, blank=True)
    reply_to = models.EmailField(blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=IssueState.choices, default=IssueState.SENDING
    )
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thư gửi danh sách")
        verbose_name_plural = _("thư gửi danh sách")

    def __str__(self) -> str:
        return self.subject


class MailingDelivery(models.Model):
    """One address of a mailing (pending → sending → sent/failed), with the
    address its unsubscribe link leads to."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    unsubscribe_url = models.URLField(max_length=1000, blank=True)
    state = models.CharField(
        max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "email"], name="bulletin_mailing_delivery_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.email}"
