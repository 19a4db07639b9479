from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "lantoa.press"
    label = "press"
    verbose_name = "Quan hệ báo chí"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.core import periodic
        from lantoa.press import actors, tasks

        # New articles of known outlets reach the clipping inbox every 15 minutes.
        periodic.register(actors.FEEDS_POLL, 900, tasks.outlets_feeds_read_task.enqueue)
        # Scheduled releases whose time (and embargo) has come, if their own task was lost.
        periodic.register(actors.RELEASE_DISPATCH, 60, tasks.releases_dispatch_due_task.enqueue)
