from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "lantoa.contests"
    label = "contests"
    verbose_name = "Cuộc thi ảnh"

    def ready(self) -> None:
        from lantoa.contests import actors, member_sections, tasks
        from lantoa.core import periodic

        member_sections.register()
        # Votes queued in Redis (LANTOA_CONTESTS_VOTE_QUEUE) reach the database
        # every 5 seconds.
        periodic.register(actors.VOTES_DRAIN, 5, tasks.votes_drain_task.enqueue)
