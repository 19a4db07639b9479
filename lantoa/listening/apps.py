from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "lantoa.listening"
    label = "listening"
    verbose_name = "Lắng nghe đoàn viên"

    def ready(self) -> None:
        from lantoa.channels.events import (
            INBOUND_MESSAGE_EDITED,
            INBOUND_MESSAGE_REMOVED,
            INBOUND_MESSAGE_STORED,
        )
        from lantoa.core import events, periodic
        from lantoa.listening import actors, subscribers, tasks

        # Comments and messages that reached the channels become opinions,
        # and follow later changes on the platform.
        events.subscribe(
            INBOUND_MESSAGE_STORED,
            subscribers.inbound_message_stored,
            name=actors.INGEST_CHANNELS.name,
            label=actors.INGEST_CHANNELS.label,
        )
        for changed in (INBOUND_MESSAGE_EDITED, INBOUND_MESSAGE_REMOVED):
            events.subscribe(
                changed,
                subscribers.inbound_message_changed,
                name=actors.FOLLOW_SOURCE_CHANGES.name,
                label=actors.FOLLOW_SOURCE_CHANGES.label,
            )

        periodic.register(actors.ANALYSE_PENDING, 60, tasks.opinions_analyse_pending_task.enqueue)
        periodic.register(actors.DETECT_SPIKES, 900, tasks.spikes_detect_task.enqueue)
        periodic.register(actors.ESCALATE_ALERTS, 900, tasks.alerts_escalate_task.enqueue)
