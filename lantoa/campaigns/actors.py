"""Campaigns' system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

DIRECTIVES_SWEEP = system_actor(
    "campaigns.directives_sweep", _("Theo dõi hạn thực hiện định hướng")
)
PUBLICATION_FOLLOW = system_actor(
    "campaigns.publication_follow", _("Ghi nhận nội dung định hướng đã được đăng")
)
EVENT_RELAY = system_actor(
    "campaigns.event_relay", _("Soạn định hướng lan tỏa sự kiện xuống đơn vị cấp dưới")
)
