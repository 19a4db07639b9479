"""Wagtail's database search backend, with real ranking on SQLite.

On PostgreSQL this is Wagtail's own backend unchanged (ts_rank with the field
boosts as weights). On SQLite, Wagtail ranks with FTS5's `bm25()` over title
and body alike and then multiplies by a title-length norm, so a short-titled
article that mentions a word once in its body can outrank an article with the
word in its title. Here the title column weighs TITLE_WEIGHT times the body,
as a news reader expects. Matching is unchanged: diacritics are folded by
the indexed copies (`models.pages.FoldedSearchField`) and the folded query.
"""

from typing import Any

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

TITLE_WEIGHT = 10.0


def SearchBackend(params: dict[str, Any]) -> Any:
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    if not isinstance(backend, SQLiteSearchBackend):  # SQLite without FTS5
        return backend
    from django.db.models import F, FloatField, Func
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.query import Not, Phrase, PlainText

    class WeightedBM25(Func):
        output_field = FloatField()

        def as_sql(  # type: ignore[override]
            self, compiler: Any, connection: Any, **extra: Any
        ) -> tuple[str, list[Any]]:
            table = SQLiteFTSIndexEntry._meta.db_table
            # Columns of the FTS5 table, in order: autocomplete, body, title.
            return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []

    class WeightedCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(
            self, vector: Any, query: Any, config: Any = None, boost: float = 1.0
        ) -> Any:
            if isinstance(query, (Phrase, PlainText, Not)):
                return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def get_search_vectors(self) -> list[tuple[Any, float]]:
            # One bm25() already scores both columns; summing it per column
            # (as Wagtail does) would count it twice.
            return [(F("index_entry__body"), 1.0)]

    class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = WeightedCompiler

    return WeightedSQLiteSearchBackend(params)
