"""Migration operations that more than one app uses."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram_search_indexes(*tables: str) -> migrations.RunPython:
    """Return an operation that adds a trigram GIN index on each table's search_document.

    The search filters match every folded term with LIKE '%term%'
    (hubsite.search). On PostgreSQL a trigram index serves those lookups;
    SQLite has no such index, so the operation does nothing there.
    """

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                f"ON {table} USING gin (search_document gin_trgm_ops)"
            )

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")

    return migrations.RunPython(create, drop)
