"""The benchmark's data: a demo organisation per database, size and seed, generated once and reused.

SQLite data lives in ``bench/data/sqlite-<size>-<seed>/`` (the database file, and
the secret key and cache of the servers that use it). On PostgreSQL the bench
creates a database named ``<base>_<size>_<seed>`` next to the one in
``--database-url`` and keeps its var folder in ``bench/data/postgres-<size>-<seed>/``.
``ready.json`` in the folder records that generation finished and how long it took;
without it the data is made again from scratch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/plein_bench"
# The bench's sizes and the `plein demo` size each generates: the bench's small organisation has
# 1,000 people, more than the demo that `make run` loads (200), which is the smoke test's "tiny".
DEMO_SIZES = {"tiny": "small", "small": "bench-small", "medium": "medium", "large": "large"}


@dataclass
class Dataset:
    var: Path
    env: dict[str, str]
    database_url: str
    generation_seconds: float
    summary: str
    reused: bool


def plein(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "plein.cli", *args], env=env, **kwargs)  # type: ignore[call-overload]


def postgres_url(base_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_admin(base_url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(postgres_url(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def base_env(var: Path, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "PLEIN_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "plein.settings"}
    for name in ("PLEIN_TASKS_BACKEND", "DATABASE_URL", "PLEIN_TEST_SQLITE", "PLEIN_LIVE_URL", "PLEIN_SERVER_TIMING"):
        env.pop(name, None)
    env["PLEIN_ENV"] = "development"
    env["PLEIN_SERVER_TIMING"] = "true"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(*, db: str, size: str, seed: int, database_url: str | None, fresh: bool, data_root: Path = DATA) -> Dataset:
    """Reuse the data for (db, size, seed) when it was completely generated, else generate it."""
    key = f"{db}-{size}-{seed}"
    var = data_root / key
    url = None
    if db == "postgres":
        if not database_url:
            raise SystemExit("DB=postgres needs --database-url postgres://user@host:port/name")
        name = urllib.parse.urlsplit(database_url).path.lstrip("/") or "plein"
        url = postgres_url(database_url, f"{name}_{size}_{seed}")
    ready = var / "ready.json"
    if ready.exists() and not fresh:
        info = json.loads(ready.read_text())
        env = base_env(var, url)
        # The code may have moved on since the data was made: bring the schema up to date (a no-op if it is).
        if plein("migrate", "--quiet", env=env).wait() != 0:
            raise SystemExit("plein migrate failed")
        return Dataset(var, env, url or "", info["generation_seconds"], info["summary"], True)

    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    if url:
        dbname = urllib.parse.urlsplit(url).path.lstrip("/")
        _postgres_admin(url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        _postgres_admin(url, f'CREATE DATABASE "{dbname}"')
    env = base_env(var, url)
    started = time.perf_counter()
    if plein("migrate", "--quiet", env=env).wait() != 0:
        raise SystemExit("plein migrate failed")
    migrated = time.perf_counter()
    demo = subprocess.run(
        [sys.executable, "-m", "plein.cli", "demo", "--size", DEMO_SIZES[size], "--seed", str(seed), "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if demo.returncode != 0:
        raise SystemExit(f"plein demo failed:\n{demo.stdout}{demo.stderr}")
    generated = time.perf_counter()
    # Plans depend on table statistics; gather them now rather than wait for autovacuum (PostgreSQL)
    # or never have them (SQLite's planner uses sqlite_stat1 when ANALYZE made it).
    statement = "ANALYZE" if url else "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)"
    code = f"from django.db import connection\nfor s in {statement.split('; ')!r}: connection.cursor().execute(s)"
    if plein("manage", "shell", "-c", code, env=env).wait() != 0:
        raise SystemExit("ANALYZE failed")
    info = {
        "migrate_seconds": round(migrated - started, 1),
        "generation_seconds": round(generated - migrated, 1),
        "analyze_seconds": round(time.perf_counter() - generated, 1),
        "summary": demo.stdout.strip(),
    }
    ready.write_text(json.dumps(info, indent=2))
    return Dataset(var, env, url or "", info["generation_seconds"], info["summary"], False)
