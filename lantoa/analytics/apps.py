from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Coverage and reach indicators (docs/subsystems/analytics.md). The top
    layer: it reads every app and writes only its own roll-up tables."""

    name = "lantoa.analytics"
    label = "analytics"
    verbose_name = "Số liệu, chỉ tiêu"

    def ready(self) -> None:
        from lantoa.analytics import tasks
        from lantoa.core import periodic

        # Deliveries, articles, issues and channel states move every minute;
        # five minutes keeps the dashboards fresh and the refresh small.
        periodic.register("analytics.refresh", 300, tasks.analytics_refresh_task.enqueue)
        # The safety net: rebuild every fact from the sources once a day
        # (deleted rows, late commits, member counts).
        periodic.register("analytics.rebuild", 86_400, tasks.analytics_rebuild_task.enqueue)
