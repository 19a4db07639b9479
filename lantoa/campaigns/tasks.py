"""Thin task wrappers: call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.campaigns.services.reminders import directives_sweep


@task()
def directives_sweep_task() -> None:
    directives_sweep()
