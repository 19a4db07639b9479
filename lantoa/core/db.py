"""Database helpers shared by the apps."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django_tasks.base import Task


@contextmanager
def without_parallel_query() -> Iterator[None]:
    """Run the enclosed queries without PostgreSQL's parallel workers.

    For a query a web request waits on while other requests share the cores:
    the search ranking over 1,000 candidates took 45 ms on three processes
    (the leader and two workers, 90 ms of CPU) and 24 ms on one (bench/site.py
    database). `SET LOCAL` lasts until the end of the transaction opened here,
    so nothing else on the connection is affected. Other databases: no-op.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def enqueue_together(calls: Sequence[tuple[Task[Any, Any], Mapping[str, Any]]]) -> None:
    """Enqueue each (task, keyword arguments) of `calls`: on the database task
    backend with one INSERT for them all (what `Task.enqueue` stores, row by
    row), on other backends one by one."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import normalize_json, task_enqueued
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows: list[tuple[type[DatabaseBackend], DBTaskResult[Any, Any]]] = []
    for task, kwargs in calls:
        backend = task.get_backend()
        if not isinstance(backend, DatabaseBackend):
            task.enqueue(**kwargs)
            continue
        backend.validate_task(task)
        row = DBTaskResult(
            id=backend._get_id(),
            args_kwargs=normalize_json({"args": [], "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            # What the model's pre_save handler (which bulk_create skips) stores for "now".
            run_after=task.run_after or get_date_max(),
            backend_name=backend.alias,
        )
        rows.append((type(backend), row))
    if not rows:
        return
    DBTaskResult.objects.bulk_create([row for _, row in rows])
    for sender, row in rows:
        task_enqueued.send(sender, task_result=row.task_result)
