from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "lantoa.engagement"
    label = "engagement"
    verbose_name = "Thi tìm hiểu, khảo sát, sự kiện"

    def ready(self) -> None:
        from lantoa.engagement import member_sections

        member_sections.register()
