"""Operations' system actors (lantoa/core/actors.py): one per periodic job."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

RETENTION = system_actor("ops.retention", _("Xoá dữ liệu quá thời hạn lưu trữ"))
