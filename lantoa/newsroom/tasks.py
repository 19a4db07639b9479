"""Background work of the newsroom, run by the task worker (`manage.py db_worker`).

Scheduled publishing and expiry (docs/subsystems/newsroom.md):

* the periodic job `newsroom.publish_scheduled` (every
  LANTOA_PUBLISH_SCHEDULED_INTERVAL seconds, through `manage.py run_periodic`,
  the one scheduler) enqueues `publish_scheduled_task`, which publishes what
  is due and unpublishes what has expired;
* when a revision is approved with a future `go_live_at`, or a page is
  published with an `expire_at`, a run is also enqueued for that very moment
  (`run_after`), where the backend can defer, so the page goes live on time
  rather than up to one interval late.

The task runs Wagtail's own `publish_scheduled` logic, which is idempotent:
running it twice, or early, publishes nothing twice.
"""

import datetime as dt
import logging

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from lantoa.newsroom.actors import PUBLICATIONS_REANNOUNCE
from lantoa.newsroom.services import articles_published_reannounce

logger = logging.getLogger(__name__)
TASK_PATH = "lantoa.newsroom.tasks.publish_scheduled_task"


def _supports_defer() -> bool:
    return bool(getattr(default_task_backend, "supports_defer", False))


@task()
def publish_scheduled_task() -> None:
    """Publish what is due and unpublish what has expired (Wagtail's logic)."""
    call_command("publish_scheduled", verbosity=0)


def enqueue_publish_scheduled(*, at: dt.datetime | None = None) -> bool:
    """Enqueue a run at `at` (after commit). Returns False when nothing was queued.

    A backend that cannot defer (the immediate backend of the tests) would run
    the task at once, so a future run is only queued where deferral exists
    (elsewhere the periodic job publishes it within one interval).
    """
    if at is not None and at > timezone.now() and not _supports_defer():
        return False

    def _enqueue() -> None:
        runner = (
            publish_scheduled_task.using(run_after=at) if at is not None else publish_scheduled_task
        )
        runner.enqueue()

    transaction.on_commit(_enqueue)
    return True


@task()
def articles_published_reannounce_task() -> int:
    return articles_published_reannounce(actor=PUBLICATIONS_REANNOUNCE)


@task()
def page_renditions_make_task(page_id: int) -> None:
    """The renditions a just-published page shows (newsroom/renditions.py)."""
    from wagtail.models import Page

    from lantoa.newsroom.renditions import image_renditions_make, page_image_uses

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    for image, specs in page_image_uses(page.specific):
        image_renditions_make(image, specs)


@task()
def image_renditions_make_task(image_id: int) -> None:
    """The renditions an uploaded image will most likely need (card, hero)."""
    from wagtail.images import get_image_model

    from lantoa.newsroom.renditions import ON_UPLOAD, filter_specs, image_renditions_make

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image_renditions_make(image, filter_specs(*ON_UPLOAD))
