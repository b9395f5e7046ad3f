"""Enable pg_trgm and unaccent on PostgreSQL and index the folded search column.

The trigram GIN index serves the `LIKE '%term%'` lookups of directory search.
SQLite needs neither, so the operations do nothing there.
"""

from django.db import migrations


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS partners_organization_search_trgm "
        "ON partners_organization USING gin (search_document gin_trgm_ops)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS partners_organization_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
