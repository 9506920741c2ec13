"""The engine's full-text index: an FTS5 table on SQLite, a generated tsvector and GIN indexes on PostgreSQL."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from plein.search.engines import engine_for

    engine_for(schema_editor.connection.alias).install()


def uninstall(apps: Any, schema_editor: Any) -> None:
    from plein.search.engines import engine_for

    engine_for(schema_editor.connection.alias).uninstall()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
