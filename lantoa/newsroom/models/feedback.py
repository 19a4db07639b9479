"""Reader feedback ("Phản hồi"): stored first, moderated afterwards.

Each item keeps the article (if any), the unit and the time, so that the
listening capability can analyse it later.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.org.public import OrgUnit


class FeedbackState(models.TextChoices):
    NEW = "new", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")
    SPAM = "spam", _("Thư rác")


class Feedback(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="feedback"
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("tin bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)
    text = models.TextField(_("nội dung"))
    name = models.CharField(_("họ tên"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=16, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=FeedbackState.choices, default=FeedbackState.NEW
    )
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phản hồi của bạn đọc")
        verbose_name_plural = _("phản hồi của bạn đọc")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "state", "-created_at"])]

    def __str__(self) -> str:
        return self.text[:60]
