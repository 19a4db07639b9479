from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "lantoa.events"
    label = "events"
    verbose_name = "Sự kiện và chương trình"

    def ready(self) -> None:
        from lantoa.events import member_sections

        member_sections.register()
