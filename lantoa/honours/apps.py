from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "lantoa.honours"
    label = "honours"
    verbose_name = "Tôn vinh, khen thưởng"

    def ready(self) -> None:
        from lantoa.honours import member_sections

        member_sections.register()
