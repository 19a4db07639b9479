from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lantoa.org"
    label = "org"
    verbose_name = "Tổ chức"
