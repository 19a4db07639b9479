from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "lantoa.advocacy"
    label = "advocacy"
    verbose_name = "Lan tỏa: đại sứ chia sẻ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.advocacy import actors, member_sections, tasks
        from lantoa.core import periodic

        member_sections.register()
        # Clicks queued in Redis reach the database every 10 seconds.
        periodic.register(actors.CLICKS_DRAIN, 10, tasks.clicks_drain_task.enqueue)
        # The digest goes out once an hour to those whose week (or month) is up.
        periodic.register(actors.DIGEST, 3600, tasks.digests_send_task.enqueue)
        # Yesterday's visitor key is destroyed: old hashes can no longer be matched.
        periodic.register(actors.KEYS_FORGET, 3600, tasks.visitor_keys_forget_task.enqueue)
