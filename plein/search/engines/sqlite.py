# ruff: noqa: S608  -- only constant SQL fragments are interpolated; every value travels as a parameter
"""SQLite FTS5: an external-content table over the document table's analysed columns.

The FTS table stores only the index (the words live in ``search_searchdocument``);
:mod:`plein.search.indexing` tells the engine before and after it changes rows,
so the index is updated in the same transaction. No triggers: SQLite drops a
table's triggers when a migration rebuilds the table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from plein.search.analysis import ParsedQuery
from plein.search.engines.base import DOCUMENTS, Engine, Match

FTS = "search_document_fts"
COLUMNS = "title_terms, body_terms, stem_terms"
# Title words weigh most; stems a little less than the words themselves.
BM25_WEIGHTS = "8.0, 1.0, 0.8"


def _quoted(word: str) -> str:
    # Words hold letters and digits only (analysis.WORD), so quoting cannot be escaped from.
    return f'"{word}"'


def fts_query(query: ParsedQuery) -> str:
    parts = []
    for word in query.words:
        alternatives = [_quoted(word.word) + ("*" if word.prefix else "")]
        if word.stem != word.word:
            alternatives.append(_quoted(word.stem))
        parts.append(alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})")
    for phrase in query.phrases:
        parts.append("{title_terms body_terms} : " + _quoted(" ".join(phrase)))
    return " AND ".join(parts)


class SQLiteEngine(Engine):
    vendor = "sqlite"

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLUMNS}, content='{DOCUMENTS}', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
            )
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")

    def uninstall(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")

    def before_change(self, ids: Sequence[int]) -> None:
        if ids:
            with self.connection.cursor() as cursor:
                # External content: the index forgets a row given the exact values it was built from.
                cursor.execute(
                    f"INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) SELECT 'delete', id, {COLUMNS} FROM {DOCUMENTS} "
                    "WHERE id IN (SELECT value FROM json_each(%s))",
                    [json.dumps(list(ids))],
                )

    def after_change(self, ids: Sequence[int]) -> None:
        if ids:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS}(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM {DOCUMENTS} "
                    "WHERE id IN (SELECT value FROM json_each(%s))",
                    [json.dumps(list(ids))],
                )

    def after_clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")

    def match_sql(self, query: ParsedQuery) -> Match:
        return Match(
            source=f"{FTS} JOIN {DOCUMENTS} d ON d.id = {FTS}.rowid",
            condition=f"{FTS} MATCH %s",
            condition_params=(fts_query(query),),
        )

    def rank_sql(self) -> str:
        return f"-bm25({FTS}, {BM25_WEIGHTS})"

    def keys_sql(self, keys: Sequence[str]) -> tuple[str, list[Any]]:
        return (
            "EXISTS (SELECT 1 FROM json_each(d.keys) k WHERE k.value IN (SELECT value FROM json_each(%s)))",
            [json.dumps(list(keys))],
        )

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])]

    def age_days_sql(self) -> str:
        return "MAX(julianday('now') - julianday(d.created_at), 0)"
