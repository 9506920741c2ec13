# ruff: noqa: S608  -- only constant SQL fragments are interpolated; every value travels as a parameter
"""What every engine does: keep its full-text index in step with the document table, match and rank.

An engine builds SQL from a :class:`SearchSpec` whose words are analysed
already (letters and digits only), so nothing typed reaches the SQL or the
full-text query syntax unquoted. The engines differ only in how they find
candidates: per kind, the newest documents that match and that the searcher
may see, stopping at a fixed number. Ranking (title hits and the boosts),
exclusions, date and unit filters and the page are shared SQL below, run
over at most a few thousand candidates whatever the size of the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections

from plein.search.analysis import ParsedQuery
from plein.search.models import DocumentKind, Exclusion, SearchDocument

DOCUMENTS = SearchDocument._meta.db_table
EXCLUSIONS = Exclusion._meta.db_table
KINDS: tuple[str, ...] = tuple(DocumentKind.values)
# Per kind, the newest matches ranked and counted (a count at the limit shows as "500+"), and the
# newest title matches ranked as well, so an older document with the words in its title is not lost.
CANDIDATES = 500
TITLE_CANDIDATES = 100
UNTITLED_KINDS = ("comment",)  # shown with their thread's title, which is not matched (empty title_terms)


@dataclass(frozen=True)
class Boosts:
    """What makes a result more relevant for this searcher."""

    space_ids: tuple[int, ...] = ()
    department_ids: tuple[int, ...] = ()
    location_id: int | None = None


@dataclass(frozen=True)
class SearchSpec:
    """One search: what to match, who may see what, filters, order and page."""

    query: ParsedQuery
    keys: tuple[str, ...] | None  # None: no restriction (administrators)
    normalised: str = ""  # the folded query, for per-query exclusions
    kinds: tuple[str, ...] = ()
    space_id: int | None = None
    department_id: int | None = None
    author_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    newest_first: bool = False
    limit: int = 20
    offset: int = 0
    boosts: Boosts = field(default_factory=Boosts)

    @property
    def bounded(self) -> bool:
        """Whether ranking and counting may stop at the newest matches: not with date or unit filters,
        which the full-text index cannot apply."""
        return self.since is None and self.until is None and self.department_id is None


class Engine:
    vendor = ""

    def __init__(self, using: str = "default") -> None:
        self.using = using

    @property
    def connection(self) -> Any:
        return connections[self.using]

    # --- keeping the index ------------------------------------------------------------------

    def install(self) -> None:
        """Create the engine's index structures (idempotent); run by migration 0002."""

    def uninstall(self) -> None:
        """Drop them again (migrating back)."""

    def before_change(self, ids: Sequence[int]) -> None:
        """Called before document rows ``ids`` are changed or deleted."""

    def after_change(self, ids: Sequence[int]) -> None:
        """Called after document rows ``ids`` were created or changed."""

    def after_clear(self) -> None:
        """Called after every document row was deleted."""

    def after_rebuild(self) -> None:
        """Called after a full rebuild: compact the index and refresh the planner's statistics."""

    # --- searching ---------------------------------------------------------------------------

    def candidates_sql(
        self, spec: SearchSpec, kind: str, *, title_only: bool, limit: int | None
    ) -> tuple[str, list[Any]]:
        """SQL for the ids (column ``id``) of the newest ``limit`` documents of ``kind`` that match the query
        (in the title only, or anywhere), that the searcher may see and that pass the space and author
        filters; every one of them when ``limit`` is None."""
        raise NotImplementedError

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def age_days_sql(self) -> str:
        raise NotImplementedError

    def _candidates(self, spec: SearchSpec, kinds: Sequence[str], *, titles: bool) -> tuple[str, list[Any]]:
        """The union of each kind's candidates: the newest matches, and (``titles``) the newest title matches."""
        bounded = spec.bounded
        arms: list[str] = []
        params: list[Any] = []
        for kind in kinds:
            shapes = [(False, CANDIDATES)]
            if titles and bounded and kind not in UNTITLED_KINDS:
                shapes.append((True, TITLE_CANDIDATES))
            for title_only, limit in shapes:
                sql, arm_params = self.candidates_sql(
                    spec, kind, title_only=title_only, limit=limit if bounded else None
                )
                arms.append(f"SELECT id FROM ({sql}) arm{len(arms)}")
                params += arm_params
        return " UNION ".join(arms), params

    def _filters(self, spec: SearchSpec) -> tuple[str, list[Any]]:
        """Conditions on ``d`` that the candidates do not apply: exclusions, dates and the unit."""
        conditions = [
            f"d.id NOT IN (SELECT xd.id FROM {EXCLUSIONS} x JOIN {DOCUMENTS} xd "
            "ON xd.kind = x.kind AND xd.object_id = x.object_id WHERE x.query = '' OR x.query = %s)"
        ]
        params: list[Any] = [spec.normalised]
        if spec.department_id is not None:
            # The unit and every unit below it (materialised path prefix).
            conditions.append(
                "d.department_id IN (SELECT sub.id FROM org_department sub, org_department unit "
                "WHERE unit.id = %s AND sub.path LIKE unit.path || '%%')"
            )
            params.append(spec.department_id)
        operations = self.connection.ops
        if spec.since is not None:
            conditions.append("d.created_at >= %s")
            params.append(operations.adapt_datetimefield_value(spec.since))
        if spec.until is not None:
            conditions.append("d.created_at < %s")
            params.append(operations.adapt_datetimefield_value(spec.until))
        return " AND ".join(f"({c})" for c in conditions), params

    def _text_rank_sql(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """How well the title matches: 1, up to 4 when every word (as typed, as a prefix or as its stem)
        and every phrase is in it. Every candidate matched the query somewhere already."""
        parts, params = [], []
        for word in query.words:
            patterns = {f"% {word.word}%", f"% {word.stem}%"}
            parts.append(" OR ".join(["(' ' || d.title_terms) LIKE %s"] * len(patterns)))
            params += sorted(patterns)
        for phrase in query.phrases:
            parts.append("(' ' || d.title_terms || ' ') LIKE %s")
            params.append(f"% {' '.join(phrase)} %")
        if not parts:
            return "1.0", []
        hits = " + ".join(f"(CASE WHEN {part} THEN 1 ELSE 0 END)" for part in parts)
        return f"(1.0 + 3.0 * ({hits}) / {len(parts)}.0)", params

    def _boost_sql(self, boosts: Boosts) -> tuple[str, list[Any]]:
        mine, mine_params = self.ids_sql("d.space_id", boosts.space_ids)
        near, near_params = self.ids_sql("d.department_id", boosts.department_ids)
        sql = (
            f"(1.0 + 0.5 * (CASE WHEN {mine} THEN 1 ELSE 0 END))"
            f" * (1.0 + 0.25 * (CASE WHEN {near} OR d.location_id = %s THEN 1 ELSE 0 END))"
            f" * (1.0 + 1.0 / (1.0 + {self.age_days_sql()} / 30.0))"
            " * (1.0 + 0.5 * d.popularity / (d.popularity + 5.0))"
        )
        return sql, [*mine_params, *near_params, boosts.location_id if boosts.location_id is not None else -1]

    def search(self, spec: SearchSpec) -> list[SearchDocument]:
        """One page of matching documents, each with ``score``, ``author_name`` and ``space_name``.

        Ranked among each kind's newest ``CANDIDATES`` matches and newest
        ``TITLE_CANDIDATES`` title matches (all matches when a date or unit
        filter is set), so the work does not grow with the number of matches.
        """
        if spec.query.empty or spec.keys == ():
            return []
        candidates, candidate_params = self._candidates(spec, spec.kinds or KINDS, titles=True)
        rank, rank_params = self._text_rank_sql(spec.query)
        boost, boost_params = self._boost_sql(spec.boosts)
        where, where_params = self._filters(spec)
        order = "d.created_at DESC, d.id DESC" if spec.newest_first else "score DESC, d.id DESC"
        sql = (
            f"WITH candidate(id) AS ({candidates})"
            " SELECT d.id, d.kind, d.object_id, d.title, d.body, d.url, d.author_id, d.space_id, d.created_at,"
            " d.popularity, d.language, d.keys,"
            " TRIM(COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '')) AS author_name,"
            f" s.name AS space_name, {rank} * {boost} AS score"
            f" FROM candidate c JOIN {DOCUMENTS} d ON d.id = c.id"
            " LEFT JOIN accounts_user u ON u.id = d.author_id"
            " LEFT JOIN spaces_space s ON s.id = d.space_id"
            f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [*candidate_params, *rank_params, *boost_params, *where_params, spec.limit, spec.offset]
        return list(SearchDocument.objects.using(self.using).raw(sql, params))

    def facets(self, spec: SearchSpec) -> dict[str, int]:
        """Matching documents per kind, with every filter but the kind applied; at most ``CANDIDATES`` each
        (shown as "500+") unless a date or unit filter is set."""
        if spec.query.empty or spec.keys == ():
            return {}
        candidates, candidate_params = self._candidates(spec, KINDS, titles=False)
        where, where_params = self._filters(spec)
        sql = (
            f"SELECT d.kind, COUNT(*) FROM ({candidates}) c JOIN {DOCUMENTS} d ON d.id = c.id"
            f" WHERE {where} GROUP BY d.kind"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*candidate_params, *where_params])
            return {kind: count for kind, count in cursor.fetchall()}
