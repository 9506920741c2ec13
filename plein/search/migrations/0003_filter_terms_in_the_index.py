"""Kind, space, author and access keys as tokens (``filter_terms``), indexed by SQLite's FTS5 table.

Existing documents get their tokens, and the FTS5 table is made again with the
new column (PostgreSQL's index does not use them).
"""

import importlib
from typing import Any

from django.db import migrations, models

SQLITE_FTS = importlib.import_module("plein.search.migrations.0002_engine_index").SQLITE_FTS

BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    from plein.search.engines import engine_for
    from plein.search.tokens import filter_terms

    document = apps.get_model("search", "SearchDocument")
    alias = schema_editor.connection.alias
    last = 0
    while rows := list(document.objects.using(alias).filter(pk__gt=last).order_by("pk")[:BATCH]):
        for row in rows:
            row.filter_terms = filter_terms(kind=row.kind, keys=row.keys, space_id=row.space_id, author_id=row.author_id)
        document.objects.using(alias).bulk_update(rows, ["filter_terms"])
        last = rows[-1].pk
    engine_for(alias).install()


def unfill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_document_fts")
            cursor.execute(SQLITE_FTS)
            cursor.execute("INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="filter_terms",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, unfill),
    ]
