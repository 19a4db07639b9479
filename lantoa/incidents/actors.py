"""The incidents app's system actors (lantoa/core/actors.py)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core.actors import system_actor

SNAPSHOT = system_actor("incidents.snapshot", _("Lưu bằng chứng đường dẫn được báo"))
SWEEP = system_actor(
    "incidents.sweep", _("Theo dõi hạn các bước ứng phó sự cố và hiệu lực dữ kiện")
)
REPLIES = system_actor("incidents.replies", _("Trả lời người báo tin qua kênh nhắn tin"))
