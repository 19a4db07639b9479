from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


@audit_actions
class DevstackAction(models.TextChoices):
    DEMO_LOAD = "devstack.demo_load", _("Nạp dữ liệu mẫu")
    PROBE_RECEIVED = "devstack.probe_received", _("Nhận sự kiện thử")
