import pytest
from django.db import connection

from lantoa.core.db import without_parallel_query

pytestmark = pytest.mark.django_db(transaction=True)


def _parallel_workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return str(cursor.fetchone()[0])


def test_parallel_query_is_off_inside_and_restored_after():
    if connection.vendor != "postgresql":
        with without_parallel_query():  # a no-op elsewhere, and no error
            assert connection.in_atomic_block
        assert not connection.in_atomic_block
        return
    before = _parallel_workers()
    assert before != "0"  # PostgreSQL's default is 2
    with without_parallel_query():
        assert _parallel_workers() == "0"
    assert _parallel_workers() == before


def test_an_error_inside_rolls_back_and_restores():
    with pytest.raises(ZeroDivisionError), without_parallel_query():
        _ = 1 / 0
    assert not connection.in_atomic_block
    if connection.vendor == "postgresql":
        assert _parallel_workers() != "0"
