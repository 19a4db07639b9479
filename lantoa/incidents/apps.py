from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "lantoa.incidents"
    label = "incidents"
    verbose_name = "Ứng phó thông tin xấu, độc"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.channels.events import INBOUND_MESSAGE_STORED
        from lantoa.core import events, periodic
        from lantoa.incidents import actors, subscribers, tasks
        from lantoa.listening.events import ALERT_RAISED

        # Late playbook steps escalate up the tree; expired facts are flagged.
        periodic.register(actors.SWEEP, 60, tasks.incidents_sweep_task.enqueue)
        events.subscribe(
            INBOUND_MESSAGE_STORED,
            subscribers.tipline_message_stored,
            name="incidents.tipline_intake",
            label=_("Nhận tin báo qua kênh nhắn tin"),
        )
        events.subscribe(
            ALERT_RAISED,
            subscribers.listening_alert_raised,
            name="incidents.alert_intake",
            label=_("Đưa cảnh báo ý kiến vào hộp tin báo sự cố"),
        )
