from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "lantoa.core"
    label = "core"
    verbose_name = "Lantoa core"

    def ready(self) -> None:
        # Every app declares its audit actions in `choices`, its system
        # actors in `actors` and the domain events it announces in `events`
        # (as Wagtail finds `wagtail_hooks`): import them all, so the
        # registries are complete before the first request.
        autodiscover_modules("choices", "actors", "events")

        from lantoa.core import events, names, periodic, signal_handlers
        from lantoa.core.csp import nonce_wagtail_choosers

        nonce_wagtail_choosers()
        # "Nguyễn Thị Thu Hà", not Django's "Thị Thu Hà Nguyễn" (core/names.py).
        names.use_vietnamese_name_order()

        signal_handlers.register()

        # Deliveries a dead worker left pending, and retries that are due.
        periodic.register(events.REDELIVER_JOB, 60, events.events_sweep_task.enqueue)
