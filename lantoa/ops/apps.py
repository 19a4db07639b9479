from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "lantoa.ops"
    label = "ops"
    verbose_name = "Lantoa operations"

    def ready(self) -> None:
        from lantoa.core import periodic
        from lantoa.ops import actors, logs, metrics, tasks

        metrics.register()
        logs.register()
        # Personal data kept no longer than the retention settings say.
        periodic.register(actors.RETENTION, 3600, tasks.retention_apply_task.enqueue)
