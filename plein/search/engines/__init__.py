"""The search engine for a database: FTS5 on SQLite, full text on PostgreSQL."""

from __future__ import annotations

from django.db import connections

from plein.search.engines.base import Boosts, Engine, SearchSpec
from plein.search.engines.postgresql import PostgreSQLEngine
from plein.search.engines.sqlite import SQLiteEngine

__all__ = ["Boosts", "Engine", "SearchSpec", "engine_for"]

ENGINES: dict[str, type[Engine]] = {"sqlite": SQLiteEngine, "postgresql": PostgreSQLEngine}


def engine_for(using: str = "default") -> Engine:
    vendor = connections[using].vendor
    if vendor not in ENGINES:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    return ENGINES[vendor](using)
