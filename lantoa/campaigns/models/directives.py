"""Directives ("định hướng tuyên truyền") cascaded down the tree
(docs/subsystems/campaigns.md).

An upper unit sends a content package; each target unit gets one task; the
task's publications (adopted article, adopted posts) link back on their own
when they go live, and proofs cover what no publication shows.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from lantoa.campaigns.choices import (
    DirectiveStatus,
    NoticeKind,
    PublicationKind,
    RequiredAction,
    TargetMode,
    TaskState,
)
from lantoa.campaigns.models.campaigns import Campaign
from lantoa.core.storage import private_storage
from lantoa.org.public import OrgUnit

SITE_BODY_FEATURES = ["bold", "italic", "h2", "h3", "ol", "ul", "link"]


class Directive(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sender_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị gửi"),
        on_delete=models.PROTECT,
        related_name="directives_sent",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("thuộc chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directives",
    )
    title = models.CharField(_("tiêu đề định hướng"), max_length=255)
    instructions = models.TextField(_("hướng dẫn thực hiện"))
    # The package: text for the site, for each platform, images and documents.
    site_title = models.CharField(_("tiêu đề tin bài"), max_length=255, blank=True)
    site_lead = models.TextField(_("sapo tin bài"), max_length=600, blank=True)
    site_body = RichTextField(_("nội dung tin bài"), blank=True, features=SITE_BODY_FEATURES)
    post_text = models.TextField(_("nội dung bài đăng mạng xã hội"), blank=True)
    # {platform value: text} where a platform needs its own wording.
    platform_texts = models.JSONField(_("nội dung riêng từng nền tảng"), default=dict, blank=True)
    link = models.URLField(_("liên kết kèm theo"), max_length=1000, blank=True)
    images: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "wagtailimages.Image", verbose_name=_("ảnh"), blank=True, related_name="+"
    )
    documents: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("tài liệu"), blank=True, related_name="+"
    )
    required_actions = models.JSONField(_("yêu cầu thực hiện"), default=list)
    due_at = models.DateTimeField(_("hạn hoàn thành"))
    target_mode = models.CharField(
        _("gửi tới"), max_length=16, choices=TargetMode.choices, default=TargetMode.ALL
    )
    # Only units of these kinds (empty: every kind).
    target_kinds = models.JSONField(_("chỉ các cấp"), default=list, blank=True)
    chosen_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị được chọn"), blank=True, related_name="+"
    )
    include_subtrees = models.BooleanField(
        _("gồm cả các đơn vị cấp dưới của đơn vị được chọn"), default=False
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DirectiveStatus.choices,
        default=DirectiveStatus.DRAFT,
    )
    task_count = models.PositiveIntegerField(_("số đơn vị nhận"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("định hướng tuyên truyền")
        verbose_name_plural = _("định hướng tuyên truyền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sender_unit", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def required_action_labels(self) -> list[str]:
        labels = dict(RequiredAction.choices)
        return [str(labels.get(code, code)) for code in self.required_actions]

    def text_for(self, platform: str) -> str:
        """The package's wording for one platform (its own, else the common one)."""
        return str(self.platform_texts.get(platform) or self.post_text)


class DirectiveTask(models.Model):
    """What one target unit must do about one directive."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="directive_tasks"
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=TaskState.choices, default=TaskState.NEW
    )
    # Copied from the directive so sweeps filter one indexed table.
    due_at = models.DateTimeField(_("hạn hoàn thành"))
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(_("tạo bản thảo lúc"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    late_at = models.DateTimeField(_("quá hạn từ"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("đã nhắc lúc"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("đã báo cấp trên lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ theo định hướng")
        verbose_name_plural = _("nhiệm vụ theo định hướng")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="directive_task_unique")
        ]
        indexes = [
            models.Index(fields=["directive", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["state", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.directive} — {self.unit}"

    @property
    def done_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


class TaskPublication(models.Model):
    """An article or post a unit made from a directive; `published_at` is set
    when it goes live (article published, post delivered to a channel)."""

    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=16, choices=PublicationKind.choices)
    page = models.ForeignKey(
        "newsroom.ArticlePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "social_channels.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("địa chỉ"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bài đăng theo định hướng")
        verbose_name_plural = _("bài đăng theo định hướng")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "page"], condition=Q(page__isnull=False), name="task_pub_page"
            ),
            models.UniqueConstraint(
                fields=["task", "post"], condition=Q(post__isnull=False), name="task_pub_post"
            ),
            models.CheckConstraint(
                condition=Q(page__isnull=False, post__isnull=True)
                | Q(page__isnull=True, post__isnull=False),
                name="task_pub_one_target",
            ),
        ]
        indexes = [models.Index(fields=["published_at", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.page_id or self.post_id}"


def proof_upload_to(instance: "TaskProof", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"campaigns/proofs/{uuid.uuid4().hex}.{suffix[:8]}"


class TaskProof(models.Model):
    """Evidence a unit attaches: a URL, a screenshot, figures, a note."""

    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="proofs")
    action = models.CharField(
        _("minh chứng cho yêu cầu"), max_length=32, choices=RequiredAction.choices
    )
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    screenshot = models.ImageField(
        _("ảnh chụp màn hình"),
        upload_to=proof_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    reach = models.PositiveIntegerField(_("lượt tiếp cận"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    note = models.TextField(_("ghi chú / ý kiến đoàn viên"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.task_id})"


class TaskNotice(models.Model):
    """An in-app notice for the officers of `unit`: a reminder of its own
    task, or an escalation of a child unit's overdue task."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị nhận"), on_delete=models.CASCADE, related_name="+"
    )
    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("loại"), max_length=16, choices=NoticeKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.task}"
