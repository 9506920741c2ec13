"""The benchmark still runs end to end: a tiny run on the small demo, every page answered, a report written.

No timing is asserted (speed is the benchmark's business, not the suite's). The run uses
the database the suite uses: SQLite in a scratch folder, or, when DATABASE_URL points at
PostgreSQL, a scratch database next to the suite's, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from bench.workload import MIX

ROOT = Path(__file__).resolve().parents[2]


def _postgres(url: str) -> tuple[str, str] | None:
    """(--database-url for the bench, the database it will create) when the suite runs on PostgreSQL."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return None
    base = f"{parts.path.lstrip('/') or 'plein'}_smoke"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{base}")), f"{base}_tiny_1"


def _drop(url: str, name: str) -> None:
    import psycopg

    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def test_a_tiny_benchmark_run_reports_every_page(tmp_path):
    postgres = _postgres(os.environ.get("DATABASE_URL", ""))
    command = [sys.executable, "-m", "bench.run", "--size", "tiny", "--users", "2", "--runs", "1"]
    # --mix cycle: each person asks for every page once, then the run ends (--duration is the upper bound).
    command += ["--duration", "300", "--baseline-duration", "2", "--warmup", "1", "--fanout-rounds", "1"]
    command += ["--mix", "cycle"]
    command += ["--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "results")]
    if postgres:
        command += ["--db", "postgres", "--database-url", postgres[0]]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    finally:
        if postgres:
            _drop(postgres[0], postgres[1])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    reports = list((tmp_path / "results").glob("*.json"))
    assert len(reports) == 1
    assert reports[0].with_suffix(".md").exists()
    result = json.loads(reports[0].read_text())
    pages = result["load"]["2"]
    assert set(MIX) <= set(pages), f"pages without a request: {set(MIX) - set(pages)}"
    for page in MIX:
        assert pages[page]["errors"] == 0, (page, pages[page])
        assert pages[page]["queries"] is not None and pages[page]["queries"] > 0, page  # Server-Timing was there
    assert {"B0 static file", "B1 minimal view"} <= set(result["baselines"]["B0_B1"])
    assert set(result["baselines"]["B2"]) <= set(MIX)
    assert result["memory"]["per_worker_mb"] and result["memory"]["stack_mb"] > 0
    assert result["fanout"]["lag_ms"] and result["fanout"]["inboxes_reached"][0] > 0
    assert result["search_freshness"]["all_ms"] and max(result["search_freshness"]["all_ms"]) < float("inf")
    assert result["machine"]["database"].startswith("PostgreSQL" if postgres else "SQLite")
    assert "Targets at 2 concurrent people" in done.stdout
