"""Thin task wrappers: call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.contests.services import votes


@task()
def votes_drain_task() -> int:
    return votes.votes_drain()
