"""The bulletin's system actors (lantoa/core/actors.py): one per periodic job and background duty."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

SEND_SWEEP = system_actor("bulletin.send_sweep", _("Gửi tiếp bản tin bị gián đoạn"))
SENDER = system_actor("bulletin.sender", _("Gửi bản tin"))
ESP_TRACKING = system_actor("bulletin.esp_tracking", _("Phản hồi từ nhà cung cấp dịch vụ e-mail"))
