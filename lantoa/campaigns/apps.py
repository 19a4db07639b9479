from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "lantoa.campaigns"
    label = "campaigns"
    verbose_name = "Chiến dịch và định hướng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.campaigns import signal_handlers, tasks
        from lantoa.core import periodic

        signal_handlers.connect()
        # Overdue → late and escalated, reminders before the due date, and
        # posts made from a directive that have since gone out.
        periodic.register("campaigns.directives_sweep", 300, tasks.directives_sweep_task.enqueue)
