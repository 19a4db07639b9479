"""Schema operations for migrations on tables that grow to millions of rows.

On PostgreSQL an index on a busy table is built CONCURRENTLY, so that the
table keeps taking writes while it builds; that cannot run inside a
transaction, so a migration using these operations sets `atomic = False`.
Other databases build the index plainly.
"""

from typing import TYPE_CHECKING, Literal, cast

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState

if TYPE_CHECKING:
    from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor


class AddIndexConcurrentlyOnPostgres(migrations.AddIndex):
    """`AddIndex`, built and dropped CONCURRENTLY on PostgreSQL."""

    def _concurrently(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        state: ProjectState,
        action: Literal["add_index", "remove_index"],
    ) -> None:
        model = state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            editor = cast("PostgresSchemaEditor", schema_editor)
            getattr(editor, action)(model, self.index, concurrently=True)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self._concurrently(app_label, schema_editor, to_state, "add_index")
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self._concurrently(app_label, schema_editor, from_state, "remove_index")
        else:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
