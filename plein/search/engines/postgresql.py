# ruff: noqa: S608  -- only constant SQL fragments are interpolated; every value travels as a parameter
"""PostgreSQL full text: a generated, weighted ``tsvector`` over the analysed columns, with GIN indexes.

The words are analysed in Python (see :mod:`plein.search.analysis`), so the
``simple`` configuration only splits them; access keys are a ``jsonb`` array
with a GIN index, tested with ``?|``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plein.search.analysis import ParsedQuery
from plein.search.engines.base import DOCUMENTS, Engine, SearchSpec

VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_terms), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, stem_terms), 'C')"
)
STATEMENTS = (
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX IF NOT EXISTS search_document_vector ON {DOCUMENTS} USING gin (search_vector)",
    f"CREATE INDEX IF NOT EXISTS search_document_keys ON {DOCUMENTS} USING gin (keys)",
)


def ts_query(query: ParsedQuery, *, title_only: bool = False) -> str:
    # Words hold letters and digits only (analysis.WORD): no tsquery operator can come from the person.
    # Title words carry weight A: ":A" keeps a match to the title.
    weight = "A" if title_only else ""
    parts = []
    for word in query.words:
        alternatives = [word.word + (f":*{weight}" if word.prefix else (f":{weight}" if weight else ""))]
        if word.stem != word.word:
            alternatives.append(word.stem + (f":{weight}" if weight else ""))
        parts.append(f"({' | '.join(alternatives)})")
    for phrase in query.phrases:
        parts.append(f"({' <-> '.join(w + (f':{weight}' if weight else '') for w in phrase)})")
    return " & ".join(parts)


class PostgreSQLEngine(Engine):
    vendor = "postgresql"

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in STATEMENTS:
                cursor.execute(statement)

    def uninstall(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_document_keys")
            cursor.execute(f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS search_vector")

    def after_rebuild(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOCUMENTS}")

    def candidates_sql(
        self, spec: SearchSpec, kind: str, *, title_only: bool, limit: int | None
    ) -> tuple[str, list[Any]]:
        # The planner picks the GIN index (few matches) or walks the primary key down, testing each row,
        # until it has the limit (many matches): either way it stops early for common words.
        conditions = ["d.search_vector @@ to_tsquery('simple', %s)", "d.kind = %s"]
        params: list[Any] = [ts_query(spec.query, title_only=title_only), kind]
        if spec.keys is not None:
            conditions.append("d.keys ?| %s::text[]")
            params.append(list(spec.keys))
        if spec.space_id is not None:
            conditions.append("d.space_id = %s")
            params.append(spec.space_id)
        if spec.author_id is not None:
            conditions.append("d.author_id = %s")
            params.append(spec.author_id)
        sql = f"SELECT d.id FROM {DOCUMENTS} d WHERE {' AND '.join(conditions)}"
        if limit is None:
            return sql, params
        return f"{sql} ORDER BY d.id DESC LIMIT %s", [*params, limit]

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(%s::bigint[])", [[int(i) for i in ids]]

    def age_days_sql(self) -> str:
        return "GREATEST(EXTRACT(EPOCH FROM (now() - d.created_at)) / 86400.0, 0)"
