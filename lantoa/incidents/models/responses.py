"""Responses: a post drafted from a template and facts, approved by the
unit's approver, published through the channels; and answers to reporters."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.incidents.choices import ResponseState
from lantoa.incidents.models.facts import Fact
from lantoa.incidents.models.incidents import Incident
from lantoa.incidents.models.reports import Report


class Response(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("nội dung đăng"))
    link = models.URLField(_("liên kết"), max_length=1000, blank=True)
    reply_text = models.TextField(
        _("trả lời người báo tin"),
        blank=True,
        help_text=_("Gửi riêng cho từng người đã báo tin qua kênh nhắn tin, khi đăng."),
    )
    facts = models.ManyToManyField(Fact, verbose_name=_("dữ kiện dùng"), blank=True)
    # Channel account ids to publish on (accounts of the incident's units).
    account_ids = models.JSONField(_("kênh đăng"), default=list, blank=True)
    state = models.CharField(
        max_length=16, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    post = models.ForeignKey(
        "social_channels.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phản hồi sự cố")
        verbose_name_plural = _("phản hồi sự cố")
        ordering = ["incident", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ReporterReply(models.Model):
    """An answer sent to one person who reported through a tipline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="replies")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    text = models.TextField()
    external_id = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trả lời người báo tin")
        verbose_name_plural = _("trả lời người báo tin")
        ordering = ["created_at", "pk"]
        constraints = [
            # A response answers each reporter once, however often it is published.
            models.UniqueConstraint(
                fields=["report", "response"],
                condition=models.Q(response__isnull=False),
                name="reporter_reply_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
