from django.apps import AppConfig


class MemberAreaConfig(AppConfig):
    name = "lantoa.memberarea"
    label = "memberarea"
    verbose_name = "Khu vực đoàn viên"

    def ready(self) -> None:
        from lantoa.memberarea import checks, sections

        checks.register()
        sections.register_own_sections()
