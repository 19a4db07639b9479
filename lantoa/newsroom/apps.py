from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "lantoa.newsroom"
    label = "newsroom"
    verbose_name = "Trang tin điện tử"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.newsroom import signal_handlers

        signal_handlers.connect()
