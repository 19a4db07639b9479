from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantoa.core"
    label = "core"
    verbose_name = "Lantoa core"
