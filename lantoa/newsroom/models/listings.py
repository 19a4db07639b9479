"""An article listed in a section of its own or of another unit's site.

The author ticks sections on the article (`ArticlePage.sections`: what they
ask for). Each becomes a `SectionListing` when the article is published: in
a section of the article's own unit it is accepted at once; in another
unit's section it is a request that unit's approvers accept (or that is
accepted at once when the receiving site accepts its parent units' listings
automatically). Only accepted listings show on the public section and in its
feed; the receiving unit withdraws one whenever it likes
(`newsroom.services_listings`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.org.public import OrgUnit


class ListingState(models.TextChoices):
    REQUESTED = "requested", _("Chờ đơn vị nhận duyệt")
    ACCEPTED = "accepted", _("Đang hiển thị")
    WITHDRAWN = "withdrawn", _("Đơn vị nhận đã gỡ")


class SectionListing(models.Model):
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("tin bài"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    section = models.ForeignKey(
        "newsroom.SectionIndex",
        verbose_name=_("chuyên mục"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    # The unit whose site holds the section (it decides) and the article's unit.
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị nhận"), on_delete=models.CASCADE, related_name="+"
    )
    from_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị gửi"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ListingState.choices, default=ListingState.REQUESTED
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin đăng vào chuyên mục")
        verbose_name_plural = _("tin đăng vào chuyên mục")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "section"], name="listing_unique")
        ]
        indexes = [
            models.Index(fields=["section", "state"], name="listing_section_state"),
            models.Index(fields=["unit", "state"], name="listing_unit_state"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.section_id} [{self.state}]"
