from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lantoa.org"
    label = "org"
    verbose_name = "Tổ chức"

    def ready(self) -> None:
        from lantoa.core import periodic
        from lantoa.org.importing import tasks

        # Unconfirmed member lists (personal data) do not linger in storage.
        periodic.register("org.member_imports_prune", 3600, tasks.member_imports_prune_task.enqueue)
