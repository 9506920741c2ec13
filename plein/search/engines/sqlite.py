# ruff: noqa: S608  -- only constant SQL fragments are interpolated; every value travels as a parameter
"""SQLite FTS5: an external-content table over the document table's analysed columns.

The FTS table stores only the index (the words live in ``search_searchdocument``),
over the text columns and ``filter_terms`` (kind, space, author and access
keys as tokens, :mod:`plein.search.tokens`), so candidates are found and
limited inside the index;
:mod:`plein.search.indexing` tells the engine before and after it changes rows,
so the index is updated in the same transaction. No triggers: SQLite drops a
table's triggers when a migration rebuilds the table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from plein.search.analysis import ParsedQuery, QueryWord
from plein.search.engines.base import DOCUMENTS, Engine, SearchSpec
from plein.search.models import Term
from plein.search.tokens import author_token, key_token, kind_token, space_token

FTS = "search_document_fts"
TERMS = Term._meta.db_table
TEXT_COLUMNS = "title_terms, body_terms, stem_terms"
COLUMNS = f"{TEXT_COLUMNS}, filter_terms"


def _quoted(word: str) -> str:
    # Words and tokens hold letters and digits only (analysis.WORD, tokens), so quoting cannot be escaped from.
    return f'"{word}"'


# FTS5 has prefix indexes for 2 and 3 characters (lazy to read); a longer prefix would make it merge the
# posting lists of every word that starts with it, for every candidate query. Longer words are therefore
# matched as typed, as their stem, and as the shortest words of the vocabulary that start with them.
INDEXED_PREFIX = 3
EXPANSIONS = 16


def _word_sql(word: QueryWord, columns: str) -> tuple[str, list[Any]]:
    alternatives = [_quoted(word.word) + ("*" if word.prefix and len(word.word) <= INDEXED_PREFIX else "")]
    if word.stem != word.word:
        alternatives.append(_quoted(word.stem))
    opening = f"{columns} : ({' OR '.join(alternatives)}"
    if not word.prefix or len(word.word) <= INDEXED_PREFIX:
        return "%s", [opening + ")"]
    completions = (
        f"(SELECT group_concat(' OR \"' || word || '\"', '') FROM (SELECT word FROM {TERMS}"
        f" WHERE word > %s AND word < %s ORDER BY length(word), word LIMIT {EXPANSIONS}))"
    )
    return f"%s || COALESCE({completions}, '') || ')'", [opening, word.word, word.word + "\U0010ffff"]


def text_match_sql(query: ParsedQuery, *, title_only: bool = False) -> tuple[str, list[Any]]:
    """An SQL expression for the FTS5 query of the typed words and phrases, in the text columns only
    (never in ``filter_terms``): each word as typed, as its stem or completed; phrases word for word."""
    words_in = "{title_terms}" if title_only else "{title_terms body_terms stem_terms}"
    phrases_in = "{title_terms}" if title_only else "{title_terms body_terms}"
    parts: list[str] = []
    params: list[Any] = []
    for word in query.words:
        sql, word_params = _word_sql(word, words_in)
        parts.append(sql)
        params += word_params
    for phrase in query.phrases:
        parts.append("%s")
        params.append(f"{phrases_in} : {_quoted(' '.join(phrase))}")
    return " || ' AND ' || ".join(parts), params


def filter_query(spec: SearchSpec, kind: str) -> str:
    parts = [kind_token(kind)]
    if spec.space_id is not None:
        parts.append(space_token(spec.space_id))
    if spec.author_id is not None:
        parts.append(author_token(spec.author_id))
    if spec.keys is not None:
        parts.append(f"({' OR '.join(_quoted(key_token(key)) for key in spec.keys)})")
    return " AND ".join(f"filter_terms : {part}" for part in parts)


class SQLiteEngine(Engine):
    vendor = "sqlite"

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT name FROM pragma_table_info('{FTS}')")
            existing = [name for (name,) in cursor.fetchall()]
            if existing and "filter_terms" not in existing:  # made by migration 0002, before the filter tokens
                cursor.execute(f"DROP TABLE {FTS}")
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

    def after_rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            # Batches leave many small index segments; one merged segment is read much faster.
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {DOCUMENTS}")

    def candidates_sql(
        self, spec: SearchSpec, kind: str, *, title_only: bool, limit: int | None
    ) -> tuple[str, list[Any]]:
        # FTS5 walks the posting lists from the highest rowid down and stops at the limit: the filter
        # tokens are matched inside the index, so no document row is read for a candidate.
        text, text_params = text_match_sql(spec.query, title_only=title_only)
        match = f"'(' || {text} || ') AND ' || %s"
        params = [*text_params, filter_query(spec, kind)]
        if limit is None:
            return f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH ({match})", params
        return f"SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH ({match}) ORDER BY rowid DESC LIMIT %s", [
            *params,
            limit,
        ]

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])]

    def age_days_sql(self) -> str:
        return "MAX(julianday('now') - julianday(d.created_at), 0)"
