from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.audit import audit_actions


@audit_actions
class AnalyticsAction(models.TextChoices):
    """What the audit log records for indicators."""

    TERM_NUMBERS_DRAFT = "analytics.term_numbers_draft", _("Lưu nháp số liệu nhiệm kỳ")
    TERM_NUMBERS_PUBLISH = "analytics.term_numbers_publish", _("Công bố số liệu nhiệm kỳ")
