from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "lantoa.listening"
    label = "listening"
    verbose_name = "Lắng nghe đoàn viên"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lantoa.channels.models import InboundMessage
        from lantoa.core import periodic
        from lantoa.listening import signal_handlers, tasks

        post_save.connect(
            signal_handlers.inbound_message_saved,
            sender=InboundMessage,
            dispatch_uid="listening.inbound_message_saved",
        )

        periodic.register(
            "listening.analyse_pending", 60, tasks.opinions_analyse_pending_task.enqueue
        )
        # Comments and messages that reached the channels become opinions.
        periodic.register(
            "listening.ingest_channels", 60, tasks.channel_messages_ingest_task.enqueue
        )
        periodic.register("listening.detect_spikes", 900, tasks.spikes_detect_task.enqueue)
        periodic.register("listening.escalate_alerts", 900, tasks.alerts_escalate_task.enqueue)
