"""One-time sign-in codes of the member area (docs/subsystems/member-area.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.memberarea.choices import CodeChannel
from lantoa.org.public import Member


class LoginCode(models.Model):
    """A code sent to a member's e-mail address or phone. Only its keyed hash
    is stored; it works once, for a few minutes, with a few attempts."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("kênh"), max_length=8, choices=CodeChannel.choices)
    # The normalised address the member typed (lower-case e-mail or E.164 phone).
    destination = models.CharField(_("địa chỉ nhận"), max_length=254)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã đăng nhập")
        verbose_name_plural = _("mã đăng nhập")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["destination", "-created_at"], name="memberarea_code_dest")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.member_id}"
