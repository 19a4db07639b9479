"""Thin task wrappers (STYLE.md §7): each calls one service."""

from django_tasks import task

from lantoa.analytics.services.refresh import analytics_rebuild, analytics_refresh


@task()
def analytics_refresh_task() -> int:
    return analytics_refresh().dirty_units


@task()
def analytics_rebuild_task() -> int:
    return analytics_rebuild().dirty_units
