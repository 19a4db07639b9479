"""Thin task wrappers: call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.campaigns.actors import DIRECTIVES_SWEEP
from lantoa.campaigns.services.reminders import directives_sweep


@task()
def directives_sweep_task() -> None:
    directives_sweep(actor=DIRECTIVES_SWEEP)
