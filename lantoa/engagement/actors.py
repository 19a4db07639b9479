"""The engagement app's named system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

ANONYMOUS_RESPONDENT = system_actor(
    "engagement.anonymous_respondent", _("Người trả lời khảo sát ẩn danh")
)
"""Who the audit log names for a response to an anonymous survey: the log
must not tell which member answered."""
