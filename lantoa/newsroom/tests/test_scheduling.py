"""Scheduled publishing and expiry, executed by the task worker."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lantoa.core import periodic
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.tasks import TASK_PATH, enqueue_publish_scheduled, publish_scheduled_task
from lantoa.newsroom.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def _run_due_tasks():
    """What one pass of `manage.py db_worker` does, in this process: claim each
    due task and run it (the command itself would close the test's connection)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for result in list(DBTaskResult.objects.ready()):
        result.claim(worker.worker_id)
        worker.run_task(result)


def _make_due(revision):
    """Time passes: the approved revision's moment has come."""
    past = timezone.now() - dt.timedelta(seconds=5)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])


def _schedule(news, go_live_at):
    page = ArticlePageFactory(parent=news.section, live=False, title="Tin hẹn giờ", slug="hen-gio")
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()  # with a future go_live_at this only approves the revision
    page.refresh_from_db()
    return page, revision


def test_the_task_publishes_due_pages_and_unpublishes_expired_ones(news):
    page, revision = _schedule(news, timezone.now() + dt.timedelta(hours=1))
    assert page.live is False
    _make_due(revision)
    ArticlePage.objects.filter(pk=news.article.pk).update(
        expire_at=timezone.now() - dt.timedelta(minutes=1)
    )

    publish_scheduled_task.call()

    page.refresh_from_db()
    news.article.refresh_from_db()
    assert page.live is True
    assert news.article.live is False
    assert news.article.expired is True


def test_a_future_schedule_is_left_alone(news):
    page, _ = _schedule(news, timezone.now() + dt.timedelta(hours=1))
    publish_scheduled_task.call()
    page.refresh_from_db()
    assert page.live is False


def test_approving_a_future_revision_queues_a_run_at_that_time(
    news, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    when = (timezone.now() + dt.timedelta(hours=2)).replace(microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        _schedule(news, when)

    queued = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert queued.run_after == when
    assert queued.args_kwargs == {"args": [], "kwargs": {}}


def test_publishing_with_an_expiry_queues_a_run_at_expiry(
    news, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    expire = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    news.article.expire_at = expire

    with django_capture_on_commit_callbacks(execute=True):
        news.article.save_revision().publish()

    assert list(
        DBTaskResult.objects.filter(task_path=TASK_PATH).values_list("run_after", flat=True)
    ) == [expire]


def test_the_worker_runs_the_queued_task(news, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DB_TASKS
    page, revision = _schedule(news, timezone.now() + dt.timedelta(hours=1))
    DBTaskResult.objects.all().delete()  # the run queued for the future
    _make_due(revision)
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_publish_scheduled() is True

    with django_capture_on_commit_callbacks(execute=True):
        _run_due_tasks()

    page.refresh_from_db()
    assert page.live is True
    assert DBTaskResult.objects.get(task_path=TASK_PATH).status == "SUCCESSFUL"


def test_scheduled_publishing_is_a_job_of_the_one_scheduler(settings, db):
    job = next(j for j in periodic.jobs() if j.name == "newsroom.publish_scheduled")
    assert job.every_seconds == settings.LANTOA_PUBLISH_SCHEDULED_INTERVAL == 60
    settings.TASKS = DB_TASKS
    job.enqueue()  # what `manage.py run_periodic` does when the job is due
    queued = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert (queued.status, queued.args_kwargs) == ("READY", {"args": [], "kwargs": {}})


def test_run_periodic_publishes_a_due_page(news, settings, django_capture_on_commit_callbacks):
    page, revision = _schedule(news, timezone.now() + dt.timedelta(hours=1))
    _make_due(revision)
    periodic_job = next(j for j in periodic.jobs() if j.name == "newsroom.publish_scheduled")
    periodic_job.last_run = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once")  # immediate backend: the task runs now
    page.refresh_from_db()
    assert page.live is True


def test_without_deferral_nothing_is_queued_for_later(news):
    # The immediate backend of the test settings would run it at once.
    assert enqueue_publish_scheduled(at=timezone.now() + dt.timedelta(hours=1)) is False
