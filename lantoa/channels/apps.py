from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "lantoa.channels"
    # Not "channels": that label belongs to Django Channels (ADR 0004).
    label = "social_channels"
    verbose_name = "Kênh truyền thông"

    def ready(self) -> None:
        from lantoa.channels import tasks
        from lantoa.core import periodic

        periodic.register("channels.outbox_sweep", 30, tasks.outbox_sweep_task.enqueue)
