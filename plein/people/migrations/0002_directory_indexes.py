"""Indexes for the directory.

- PostgreSQL: a trigram GIN index on ``Profile.search_text``, so ``LIKE '%word%'`` is an index scan.
- SQLite: an FTS5 table with the trigram tokenizer, kept current by triggers.
- Both: name and join-date indexes on ``accounts_user`` for the directory's orderings.

The statements live in ``plein.people.search`` because they are re-applied
after every ``migrate`` (SQLite drops triggers and unknown indexes when a
migration rebuilds a table).
"""

from django.db import migrations

from plein.people.search import install_indexes, uninstall_indexes


def forwards(apps, schema_editor):
    install_indexes(schema_editor.connection)


def backwards(apps, schema_editor):
    uninstall_indexes(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
