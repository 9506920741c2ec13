# ruff: noqa: S608  -- only constant SQL fragments are interpolated; every value travels as a parameter
"""What every engine does: keep its full-text index in step with the document table, match and rank.

An engine builds SQL from a :class:`SearchSpec` whose words are analysed
already (letters and digits only), so nothing typed reaches the SQL or the
full-text query syntax unquoted. The two engines share the filters below and
differ in how they match, rank and test access keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections

from plein.search.analysis import ParsedQuery
from plein.search.models import Exclusion, SearchDocument

DOCUMENTS = SearchDocument._meta.db_table
EXCLUSIONS = Exclusion._meta.db_table


@dataclass(frozen=True)
class Match:
    source: str
    condition: str
    source_params: tuple[Any, ...] = ()
    condition_params: tuple[Any, ...] = ()


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

    # --- searching ---------------------------------------------------------------------------

    def match_sql(self, query: ParsedQuery) -> Match:
        """The FROM clause and WHERE condition that match the query."""
        raise NotImplementedError

    def rank_sql(self) -> str:
        """A relevance expression, larger is better (uses the FROM clause of :meth:`match_sql`)."""
        raise NotImplementedError

    def keys_sql(self, keys: Sequence[str]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def ids_sql(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def age_days_sql(self) -> str:
        raise NotImplementedError

    def _where(self, spec: SearchSpec, *, with_kinds: bool = True) -> tuple[str, str, list[Any]]:
        """(FROM clause, WHERE clause, their parameters in that order)."""
        match = self.match_sql(spec.query)
        conditions = [match.condition]
        params = [*match.source_params, *match.condition_params]
        if spec.keys is not None:
            sql, key_params = self.keys_sql(spec.keys)
            conditions.append(sql)
            params += key_params
        if with_kinds and spec.kinds:
            conditions.append(f"d.kind IN ({', '.join(['%s'] * len(spec.kinds))})")
            params += list(spec.kinds)
        if spec.space_id is not None:
            conditions.append("d.space_id = %s")
            params.append(spec.space_id)
        if spec.author_id is not None:
            conditions.append("d.author_id = %s")
            params.append(spec.author_id)
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
        conditions.append(
            f"NOT EXISTS (SELECT 1 FROM {EXCLUSIONS} x WHERE x.kind = d.kind AND x.object_id = d.object_id "
            "AND (x.query = '' OR x.query = %s))"
        )
        params.append(spec.normalised)
        return match.source, " AND ".join(f"({c})" for c in conditions), params

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
        """One page of matching documents, each with ``score``, ``author_name`` and ``space_name``."""
        if spec.query.empty:
            return []
        source, where, params = self._where(spec)
        boost, boost_params = self._boost_sql(spec.boosts)
        order = "d.created_at DESC, d.id DESC" if spec.newest_first else "score DESC, d.id DESC"
        sql = (
            "SELECT d.id, d.kind, d.object_id, d.title, d.body, d.url, d.author_id, d.space_id, d.created_at,"
            " d.popularity, d.language, d.keys,"
            " TRIM(COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '')) AS author_name,"
            f" s.name AS space_name, ({self.rank_sql()}) * {boost} AS score"
            f" FROM {source}"
            " LEFT JOIN accounts_user u ON u.id = d.author_id"
            " LEFT JOIN spaces_space s ON s.id = d.space_id"
            f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        # The boost's parameters come first: they stand in the SELECT list, before the WHERE clause.
        return list(
            SearchDocument.objects.using(self.using).raw(sql, [*boost_params, *params, spec.limit, spec.offset])
        )

    def facets(self, spec: SearchSpec) -> dict[str, int]:
        """Matching documents per kind, with every filter but the kind applied."""
        if spec.query.empty:
            return {}
        source, where, params = self._where(spec, with_kinds=False)
        sql = f"SELECT d.kind, COUNT(*) FROM {source} WHERE {where} GROUP BY d.kind"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {kind: count for kind, count in cursor.fetchall()}
