from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "lantoa.bulletin"
    label = "bulletin"
    verbose_name = "Bản tin"

    def ready(self) -> None:
        from anymail.signals import tracking
        from django.utils.translation import gettext_lazy as _

        from lantoa.bulletin import actors, selectors, signal_handlers, tasks
        from lantoa.core import periodic, unit_pages

        # The unit directory and the unit's news site link its archive.
        unit_pages.register_link("bulletin", _("Bản tin"), selectors.bulletin_archive_urls)

        # Sends whose worker died are picked up again (services/sending.py).
        periodic.register(actors.SEND_SWEEP, 60, tasks.send_sweep_task.enqueue)
        tracking.connect(signal_handlers.on_tracking_event, dispatch_uid="lantoa.bulletin.tracking")
