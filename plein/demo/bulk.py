"""Writing millions of demo rows quickly: plain inserts of adapted values, no model instances.

``bulk_create`` builds a model instance per row and asks for primary keys back;
for the medium demo's millions of comments, reactions and notifications that
costs more than the inserts. Here rows are tuples of values in column order:
on PostgreSQL they are streamed with ``COPY``, elsewhere inserted with one
``executemany`` per large batch. Rows that others point to (posts, comments)
get their primary keys from :func:`next_id`, so nothing has to be read back;
:func:`reset_sequences` then moves the database's counters past them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

BATCH = 20_000


def next_id(model: type[Model]) -> int:
    """The first free primary key of ``model`` (the demo writes into empty tables, so usually 1)."""
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*models: type[Model]) -> None:
    """Let the database hand out primary keys after the ones the demo chose itself."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def when(value: datetime) -> Any:
    """A datetime as the database driver wants it (a string for SQLite, the value itself for PostgreSQL)."""
    return connection.ops.adapt_datetimefield_value(value)


def insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows of already adapted values into ``model``'s table; return how many.

    ``fields`` are model field names; columns left out get NULL, so every NOT NULL
    column without a database default must be listed.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)  # type: ignore[union-attr,arg-type]
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection.cursor()  # type: ignore[union-attr]
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names only
    with connection.cursor() as cursor:
        for batch in itertools.batched(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
