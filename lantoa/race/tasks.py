"""Thin task wrappers of the race app (STYLE.md §7)."""

from django_tasks import task

from lantoa.race.actors import ACTIVITY_PROCESS
from lantoa.race.processing import activity_process


@task()
def activity_process_task(*, activity_id: int) -> str | None:
    """Read and check one uploaded activity (idempotent)."""
    return activity_process(actor=ACTIVITY_PROCESS, activity_id=activity_id)
