from django.apps import AppConfig


class RaceConfig(AppConfig):
    name = "lantoa.race"
    label = "race"
    verbose_name = "Giải chạy trực tuyến"

    def ready(self) -> None:
        from lantoa.race import member_sections

        member_sections.register()
