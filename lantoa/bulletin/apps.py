from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "lantoa.bulletin"
    label = "bulletin"
    verbose_name = "Bản tin"

    def ready(self) -> None:
        from anymail.signals import tracking

        from lantoa.bulletin import signal_handlers, tasks
        from lantoa.core import periodic

        # Sends whose worker died are picked up again (services/sending.py).
        periodic.register("bulletin.send_sweep", 60, tasks.send_sweep_task.enqueue)
        tracking.connect(signal_handlers.on_tracking_event, dispatch_uid="lantoa.bulletin.tracking")
