"""The demo union, its sites, bulletins and campaigns (DEBUG only, fixed seed)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

DEMO_ACTOR = system_actor("devstack.demo", _("Bộ nạp dữ liệu mẫu"))
"""Who the demo loaders act as: the audit log shows it for every demo change."""
