"""Set-based writes of the refresh: `INSERT … SELECT` from a compiled ORM
query, with `ON CONFLICT` upserts that only touch rows whose values changed.

The SELECT side is always built with the ORM, so the same code runs on SQLite
and on PostgreSQL (month truncation in the site's time zone, datetime
parameters, quoting); only the wrapper below is written by hand, in the
dialect both engines share (SQLite ≥ 3.39 has IS DISTINCT FROM).
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def compiled(queryset: models.QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters of `queryset`, ready for a cursor."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _qn(name: str) -> str:
    return str(connection.ops.quote_name(name))


def upsert_select(
    *,
    model: type[models.Model],
    columns: Sequence[str],
    select: tuple[str, Sequence[Any]],
    conflict: Sequence[str],
    update: Sequence[str],
    only_changed: bool = True,
) -> int:
    """Insert the rows of `select` (its columns in the order of `columns`)
    into `model`'s table; on a key conflict, overwrite `update` (only where a
    value differs, when `only_changed`). Returns the rows written."""
    table = _qn(model._meta.db_table)
    sql, params = select
    cols = ", ".join(_qn(c) for c in columns)
    # "WHERE true": SQLite needs it to parse INSERT … SELECT … ON CONFLICT.
    statement = f"INSERT INTO {table} ({cols}) SELECT * FROM ({sql}) AS src WHERE true "  # noqa: S608 — quoted identifiers and compiled ORM SQL; values are parameters
    keys = ", ".join(_qn(c) for c in conflict)
    if update:
        sets = ", ".join(f"{_qn(c)} = EXCLUDED.{_qn(c)}" for c in update)
        statement += f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
        if only_changed:
            changed = " OR ".join(
                f"{table}.{_qn(c)} IS DISTINCT FROM EXCLUDED.{_qn(c)}" for c in update
            )
            statement += f" WHERE {changed}"
    else:
        statement += f"ON CONFLICT ({keys}) DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def table(model: type[models.Model]) -> str:
    return _qn(model._meta.db_table)


def column(model: type[models.Model], field: str) -> str:
    return _qn(str(model._meta.get_field(field).column))  # type: ignore[union-attr]


def delete(queryset: models.QuerySet[Any]) -> int:
    """One DELETE statement. Django's `QuerySet.delete()` loads every row
    first whenever any app listens to delete signals (Wagtail does)."""
    model = queryset.model
    if not queryset.query.where:
        return execute(f"DELETE FROM {table(model)}")  # noqa: S608 — a quoted table name
    sql, params = compiled(queryset.values("pk"))
    pk = column(model, model._meta.pk.name)  # type: ignore[union-attr]
    return execute(f"DELETE FROM {table(model)} WHERE {pk} IN ({sql})", params)  # noqa: S608 — quoted identifiers and compiled ORM SQL; values are parameters


def take(*, source: type[models.Model], into: type[models.Model], columns: Sequence[str]) -> int:
    """Move every row of `source` into `into` (skipping rows `into` already
    has): a queue that concurrent writers fill and this empties. What commits
    while this runs stays for the next time: on PostgreSQL the rows moved are
    exactly the rows deleted (`DELETE … RETURNING` in one statement); SQLite
    serialises writers, so two statements are safe there."""
    src, dst = table(source), table(into)
    cols = ", ".join(_qn(c) for c in columns)
    if connection.vendor == "postgresql":
        return execute(
            f"WITH taken AS (DELETE FROM {src} RETURNING {cols}) "  # noqa: S608 — quoted identifiers
            f"INSERT INTO {dst} ({cols}) SELECT {cols} FROM taken ON CONFLICT DO NOTHING"
        )
    moved = execute(
        f"INSERT INTO {dst} ({cols}) SELECT {cols} FROM {src} WHERE true "  # noqa: S608 — quoted identifiers
        "ON CONFLICT DO NOTHING"
    )
    delete(source._default_manager.all())
    return moved
