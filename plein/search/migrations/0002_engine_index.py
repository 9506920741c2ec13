"""The engine's full-text index: an FTS5 table on SQLite, a generated tsvector and GIN indexes on PostgreSQL.

The FTS5 table as it was then (migration 0003 makes it again with the filter tokens).
"""

from typing import Any

from django.db import migrations

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5(title_terms, body_terms, stem_terms, "
    "content='search_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)


def install(apps: Any, schema_editor: Any) -> None:
    from plein.search.engines import engine_for

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(SQLITE_FTS)
            cursor.execute("INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')")
        return
    engine_for(schema_editor.connection.alias).install()


def uninstall(apps: Any, schema_editor: Any) -> None:
    from plein.search.engines import engine_for

    engine_for(schema_editor.connection.alias).uninstall()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
