"""Background work of the newsroom, run by the task worker (`manage.py db_worker`).

Scheduled publishing and expiry (docs: README "Scheduled publishing"):

* when a revision is approved with a future `go_live_at`, or a page is
  published with an `expire_at`, a `publish_scheduled_task` is enqueued to run
  at that very moment (`run_after`), so the worker publishes on time with no
  cron at all;
* the same task also re-enqueues itself every LANTOA_PUBLISH_SCHEDULED_INTERVAL
  seconds as a safety net (a worker that was down catches up on restart).
  `manage.py schedule_publishing` starts that chain; it is idempotent.

The task runs Wagtail's own `publish_scheduled` logic, which is idempotent:
running it twice, or early, publishes nothing twice.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)
TASK_PATH = "lantoa.newsroom.tasks.publish_scheduled_task"


def _interval() -> int:
    return int(getattr(settings, "LANTOA_PUBLISH_SCHEDULED_INTERVAL", 60))


def _supports_defer() -> bool:
    return bool(getattr(default_task_backend, "supports_defer", False))


@task()
def publish_scheduled_task(reschedule: bool = False) -> None:
    """Publish what is due and unpublish what has expired (Wagtail's logic)."""
    call_command("publish_scheduled", verbosity=0)
    if reschedule:
        enqueue_publish_scheduled(at=timezone.now() + dt.timedelta(seconds=_interval()), chain=True)


def _pending_chain_exists() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: it keeps its own queue
        return False
    return DBTaskResult.objects.filter(
        task_path=TASK_PATH, status="READY", args_kwargs__kwargs__reschedule=True
    ).exists()


def enqueue_publish_scheduled(*, at: dt.datetime | None = None, chain: bool = False) -> bool:
    """Enqueue a run at `at` (after commit). Returns False when nothing was queued.

    A backend that cannot defer (the immediate backend of the tests) would run
    the task at once, so a future run is only queued where deferral exists; a
    chained run is never queued twice.
    """
    if at is not None and at > timezone.now() and not _supports_defer():
        return False
    if chain and (not _supports_defer() or _pending_chain_exists()):
        return False

    def _enqueue() -> None:
        runner = (
            publish_scheduled_task.using(run_after=at) if at is not None else publish_scheduled_task
        )
        runner.enqueue(reschedule=chain)

    transaction.on_commit(_enqueue)
    return True
