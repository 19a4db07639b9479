"""Database helpers shared by the apps."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


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
