from django.apps import AppConfig


class DevstackConfig(AppConfig):
    """The development stack: platform fakes, the SMTP sink, the demo union and
    `run_devstack`. Installed by the development and test settings only; the
    production wheel does not contain this package."""

    name = "devstack"
    label = "devstack"
    verbose_name = "Lantoa development stack"

    def ready(self) -> None:
        from devstack import events

        events.subscribe()
