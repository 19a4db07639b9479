"""Thin task wrappers: call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.press.actors import FEEDS_POLL, RELEASE_DISPATCH
from lantoa.press.services.dispatch import release_dispatch, releases_dispatch_due
from lantoa.press.services.feeds import outlets_feeds_read


@task()
def outlets_feeds_read_task() -> int:
    return outlets_feeds_read(actor=FEEDS_POLL)


@task()
def release_dispatch_task(*, release_id: int) -> None:
    release_dispatch(actor=RELEASE_DISPATCH, release_id=release_id)


@task()
def releases_dispatch_due_task() -> int:
    return releases_dispatch_due(actor=RELEASE_DISPATCH)
