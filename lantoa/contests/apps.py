from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "lantoa.contests"
    label = "contests"
    verbose_name = "Cuộc thi ảnh"

    def ready(self) -> None:
        from lantoa.contests import member_sections

        member_sections.register()
