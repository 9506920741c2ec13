"""PostgreSQL full text: a generated, weighted ``tsvector`` over the analysed columns, with GIN indexes.

The words are analysed in Python (see :mod:`plein.search.analysis`), so the
``simple`` configuration only splits them; access keys are a ``jsonb`` array
with a GIN index, tested with ``?|``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plein.search.analysis import ParsedQuery
from plein.search.engines.base import DOCUMENTS, Engine, Match

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


def ts_query(query: ParsedQuery) -> str:
    # Words hold letters and digits only (analysis.WORD): no tsquery operator can come from the person.
    parts = []
    for word in query.words:
        alternatives = [word.word + (":*" if word.prefix else "")]
        if word.stem != word.word:
            alternatives.append(word.stem)
        parts.append(f"({' | '.join(alternatives)})")
    for phrase in query.phrases:
        parts.append(f"({' <-> '.join(phrase)})")
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

    def match_sql(self, query: ParsedQuery) -> Match:
        return Match(
            source=f"{DOCUMENTS} d CROSS JOIN to_tsquery('simple', %s) q",
            condition="d.search_vector @@ q",
            source_params=(ts_query(query),),
        )

    def rank_sql(self) -> str:
        return "ts_rank(d.search_vector, q)"

    def keys_sql(self, keys: Sequence[str]) -> tuple[str, list[Any]]:
        return "d.keys ?| %s::text[]", [list(keys)]

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(%s::bigint[])", [[int(i) for i in ids]]

    def age_days_sql(self) -> str:
        return "GREATEST(EXTRACT(EPOCH FROM (now() - d.created_at)) / 86400.0, 0)"
