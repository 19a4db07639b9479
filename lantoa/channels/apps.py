from django.apps import AppConfig
from django.conf import settings


class ChannelsConfig(AppConfig):
    name = "lantoa.channels"
    # Not "channels": that label belongs to Django Channels (ADR 0004).
    label = "social_channels"
    verbose_name = "Kênh truyền thông"

    def ready(self) -> None:
        from lantoa.channels import actors, tasks
        from lantoa.channels.services import tokens
        from lantoa.core import periodic

        periodic.register(actors.OUTBOX_SWEEP, 30, tasks.outbox_sweep_task.enqueue)
        periodic.register(actors.INBOUND_SWEEP, 300, tasks.inbound_sweep_task.enqueue)
        periodic.register(
            actors.TOKENS_REFRESH,
            tokens.REFRESH_CHECK_SECONDS,
            tasks.tokens_refresh_due_task.enqueue,
        )
        periodic.register(
            actors.METRICS_PULL,
            settings.LANTOA_METRICS_INTERVAL_SECONDS,
            tasks.metrics_pull_all_task.enqueue,
        )
