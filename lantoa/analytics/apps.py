from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Coverage and reach indicators (docs/subsystems/analytics.md). The top
    layer: it reads every app and writes only its own roll-up tables."""

    name = "lantoa.analytics"
    label = "analytics"
    verbose_name = "Số liệu, chỉ tiêu"

    def ready(self) -> None:
        from lantoa.analytics import actors, subscribers, tasks
        from lantoa.campaigns.events import (
            DIRECTIVE_SENT,
            DIRECTIVE_TASK_DONE,
            DIRECTIVE_TASKS_OVERDUE,
        )
        from lantoa.channels.events import METRICS_PULLED, POST_DELIVERED
        from lantoa.core import events, periodic
        from lantoa.events.events import (
            ATTENDANCE_RECORDED,
            EVENT_APPROVED,
            EVENT_CANCELLED,
            SESSION_REPORTED,
        )
        from lantoa.newsroom.events import ARTICLE_PUBLISHED, ARTICLE_UNPUBLISHED

        # What changed the monthly facts, heard from the apps below.
        for event, handler in (
            (POST_DELIVERED, subscribers.post_delivered),
            (METRICS_PULLED, subscribers.metrics_pulled),
            (ARTICLE_PUBLISHED, subscribers.article_changed),
            (ARTICLE_UNPUBLISHED, subscribers.article_changed),
            (DIRECTIVE_SENT, subscribers.directive_sent),
            (DIRECTIVE_TASK_DONE, subscribers.task_done),
            (DIRECTIVE_TASKS_OVERDUE, subscribers.tasks_overdue),
            (EVENT_APPROVED, subscribers.event_changed),
            (EVENT_CANCELLED, subscribers.event_changed),
            (ATTENDANCE_RECORDED, subscribers.attendance_recorded),
            (SESSION_REPORTED, subscribers.session_reported),
        ):
            events.subscribe(
                event, handler, name=actors.FACTS_FOLLOW.name, label=actors.FACTS_FOLLOW.label
            )
        # Recompute what changed every five minutes: the dashboards stay
        # fresh and each refresh small.
        periodic.register(actors.REFRESH, 300, tasks.analytics_refresh_task.enqueue)
        # The safety net: rebuild every fact from the sources once a day
        # (deleted rows, member counts).
        periodic.register(actors.REBUILD, 86_400, tasks.analytics_rebuild_task.enqueue)
