"""Snippets: the per-unit list of links ("Liên kết website")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from lantoa.org.public import OrgUnit


class WebsiteLink(models.Model):
    """One entry of a unit's "Liên kết website" box."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="website_links"
    )
    title = models.CharField(_("tên website"), max_length=200)
    url = models.URLField(_("địa chỉ"))
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("unit"), FieldPanel("title"), FieldPanel("url"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")
        ordering = ["unit", "sort_order", "id"]

    def __str__(self) -> str:
        return self.title
