"""The fact library: verified statements the union answers with."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.incidents.choices import Category
from lantoa.org.public import OrgUnit


class Fact(models.Model):
    """A verified statement (a congress date, a figure, a decision) with its
    sources and the period it holds for. A fact past `valid_until` is expired:
    flagged everywhere, never offered for a new response."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    statement = models.TextField(_("dữ kiện"))
    details = models.TextField(_("giải thích thêm"), blank=True)
    keywords = models.CharField(
        _("từ khoá"),
        max_length=500,
        blank=True,
        help_text=_("Cách người ta hay nói về điều này, cách nhau bằng dấu phẩy."),
    )
    category = models.CharField(
        _("loại thông tin hay bị xuyên tạc"),
        max_length=20,
        choices=Category.choices,
        blank=True,
    )
    sources = models.JSONField(
        _("nguồn"),
        default=list,
        blank=True,
        help_text=_("Văn bản, nghị quyết, đường dẫn xác nhận dữ kiện."),
    )
    valid_from = models.DateField(_("có hiệu lực từ"))
    valid_until = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("kiểm chứng lúc"), null=True, blank=True)
    # Folded, lower-case statement + details + keywords: what the matcher reads.
    search_text = models.TextField(blank=True, editable=False)
    expiry_noticed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dữ kiện đã kiểm chứng")
        verbose_name_plural = _("dữ kiện đã kiểm chứng")
        ordering = ["unit__path", "-valid_from", "pk"]

    def __str__(self) -> str:
        return self.statement[:100]

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @property
    def is_expired(self) -> bool:
        today = timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    @property
    def source_lines(self) -> list[str]:
        lines = []
        for source in self.sources or []:
            if isinstance(source, dict):
                title, url = str(source.get("title") or ""), str(source.get("url") or "")
                lines.append(f"{title} ({url})" if title and url else title or url)
            else:
                lines.append(str(source))
        return [line for line in lines if line]
