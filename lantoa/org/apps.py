from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lantoa.org"
    label = "org"
    verbose_name = "Tổ chức"

    def ready(self) -> None:
        from lantoa.core import periodic
        from lantoa.org import actors
        from lantoa.org.importing import tasks

        # Unconfirmed member lists (personal data) do not linger in storage.
        periodic.register(
            actors.MEMBER_IMPORTS_PRUNE, 3600, tasks.member_imports_prune_task.enqueue
        )
