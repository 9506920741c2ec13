"""Turning request samples into the report: per-page figures, targets, the machine, Markdown and JSON."""

from __future__ import annotations

import json
import os
import platform
import statistics
from pathlib import Path
from typing import Any

from bench.workload import WRITES

BASELINE_PAGES = ("B0 static file", "B1 minimal view")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def load_samples(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def summarise_run(samples: list[dict[str, Any]], seconds: float) -> dict[str, dict[str, Any]]:
    """Per page: count, rps, p50/p95/p99 server time (Server-Timing ``app``), client p50, queries, errors."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for sample in samples:
        pages.setdefault(sample["page"], []).append(sample)
    result = {}
    for page, rows in sorted(pages.items()):
        server = [row["app_ms"] for row in rows if row["app_ms"] is not None] or [0.0]
        queries = [row["queries"] for row in rows if row["queries"] is not None]
        result[page] = {
            "requests": len(rows),
            "rps": len(rows) / seconds,
            "p50": percentile(server, 50),
            "p95": percentile(server, 95),
            "p99": percentile(server, 99),
            "client_p50": percentile([row["client_ms"] for row in rows], 50),
            "queries": statistics.median(queries) if queries else None,
            "queries_max": max(queries) if queries else None,
            "errors": sum(1 for row in rows if row["error"] or row["status"] >= 400 or row["status"] == 0),
        }
    result["all"] = {"requests": len(samples), "rps": len(samples) / seconds}
    return result


def median_of_runs(runs: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Each figure as the median over the runs (pages missing from a run count where present)."""
    pages = sorted({page for run in runs for page in run})
    merged: dict[str, dict[str, Any]] = {}
    for page in pages:
        present = [run[page] for run in runs if page in run]
        merged[page] = {}
        for key in present[0]:
            values = [row[key] for row in present if row.get(key) is not None]
            if key in ("errors", "requests"):
                merged[page][key] = sum(values)
            elif key == "queries_max":
                merged[page][key] = max(values) if values else None
            else:
                merged[page][key] = statistics.median(values) if values else None
    return merged


def machine(database: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        info["load_average"] = [round(value, 2) for value in os.getloadavg()]
    except OSError:
        pass
    from django import get_version
    from django.db import connection

    info["django"] = get_version()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["database"] = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            import sqlite3

            info["database"] = f"SQLite {sqlite3.sqlite_version}"
    info["database_kind"] = database
    return info


def targets(report: dict[str, Any], users: int) -> list[dict[str, Any]]:
    """The targets of issue 9 (2 cores), checked against the figures at ``users`` concurrent people."""
    pages = report["load"][str(users)]
    b2 = report["baselines"]["B2"]
    checks: list[tuple[str, float | None, float]] = [
        ("home p50 <= 15 ms", pages.get("home", {}).get("p50"), 15),
        ("home p99 <= 60 ms", pages.get("home", {}).get("p99"), 60),
        ("space page p50 <= 15 ms", pages.get("space", {}).get("p50"), 15),
        ("post page p50 <= 15 ms", pages.get("post", {}).get("p50"), 15),
        ("profile p50 <= 15 ms", pages.get("profile", {}).get("p50"), 15),
        ("unread badge p50 <= 3 ms", pages.get("badge", {}).get("p50"), 3),
        ("directory search p95 <= 100 ms", pages.get("directory", {}).get("p95"), 100),
        ("site search p50 <= 30 ms", pages.get("search", {}).get("p50"), 30),
        ("site search p95 <= 150 ms", pages.get("search", {}).get("p95"), 150),
    ]
    checks += [(f"{page} p50 <= 30 ms", pages.get(page, {}).get("p50"), 30) for page in WRITES]
    for page, figures in b2.items():
        if page in pages and pages[page].get("p50") is not None and figures["p50"] > 0:
            checks.append((f"{page} within 3x of B2", pages[page]["p50"] / figures["p50"], 3))
    memory = report["memory"]
    checks.append(("RSS per web worker <= 150 MB", max(memory["per_worker_mb"], default=None), 150))
    fanout = report.get("fanout") or {}
    if fanout.get("lag_ms"):
        checks.append(("fan-out lag p99 <= 5 s", percentile(fanout["lag_ms"], 99) / 1000, 5))
        checks.append(("creating a post returns <= 100 ms (p50)", percentile(fanout["post_request_ms"], 50), 100))
    freshness = report.get("search_freshness") or {}
    if freshness.get("all_ms"):
        checks.append(("search index freshness p99 <= 5 s", percentile(freshness["all_ms"], 99) / 1000, 5))
    return [
        {"target": name, "measured": value, "met": value is not None and value <= limit}
        for name, value, limit in checks
    ]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def markdown(report: dict[str, Any]) -> str:
    config, info = report["config"], report["machine"]
    lines = [
        f"# Plein benchmark — {config['db']}, {config['size']} (seed {config['seed']}), {report['started']}",
        "",
        f"Machine: {info.get('cores')} cores, {info.get('ram_gb')} GB RAM, {info.get('cpu', '?')}; "
        f"Python {info['python']}, Django {info['django']}, {info['database']}; "
        f"load average at start {info.get('load_average')}.",
        f"Stack: `plein web` with {config['workers']} workers, `plein worker`, `plein live`; "
        f"load from locust on the same machine, closed loop, {config['runs']} runs of {config['duration']} s "
        f"per concurrency after {config['warmup']} s warm-up; each figure is the median over the runs.",
        f"Data: {report['generation']['summary']}",
        f"Data generation: {report['generation']['seconds']:.0f} s"
        + (" (reused)" if report["generation"]["reused"] else ""),
        "",
    ]
    b2 = report["baselines"]["B2"]
    for users, pages in report["load"].items():
        lines += [
            f"## {users} concurrent people",
            "",
            "| page | p50 ms | p95 ms | p99 ms | client p50 ms | req/s | queries | x B2 p50 | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for page, row in pages.items():
            if page == "all":
                continue
            ratio = row["p50"] / b2[page]["p50"] if page in b2 and b2[page]["p50"] else None
            queries = "-" if row.get("queries") is None else f"{row['queries']:.0f}"
            lines.append(
                f"| {page} | {_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {_ms(row['client_p50'])} "
                f"| {row['rps']:.1f} | {queries} | {'-' if ratio is None else f'{ratio:.1f}'} | {row['errors']} |"
            )
        lines += [f"| **all** | | | | | {pages['all']['rps']:.1f} | | | |", ""]
    lines += ["## Baselines", "", "| baseline | p50 ms | p95 ms | p99 ms | req/s |", "|---|---:|---:|---:|---:|"]
    for page, row in report["baselines"]["B0_B1"].items():
        if page != "all":
            lines.append(f"| {page} | {_ms(row['p50'])} | {_ms(row['p95'])} | {_ms(row['p99'])} | {row['rps']:.0f} |")
    lines += ["", "| B2: one SQL query per page | p50 ms | p95 ms |", "|---|---:|---:|"]
    lines += [f"| {page} | {row['p50']:.2f} | {row['p95']:.2f} |" for page, row in b2.items()]
    memory = report["memory"]
    lines += [
        "",
        "## Memory (peak resident)",
        "",
        f"Per web worker: {', '.join(f'{mb:.0f} MB' for mb in memory['per_worker_mb'])}; "
        f"web {memory['per_role_mb'].get('web', 0):.0f} MB, worker {memory['per_role_mb'].get('worker', 0):.0f} MB, "
        f"live {memory['per_role_mb'].get('live', 0):.0f} MB; whole stack {memory['stack_mb']:.0f} MB.",
    ]
    fanout = report.get("fanout")
    if fanout:
        lines += [
            "",
            "## Feed fan-out",
            "",
            f"Author with {fanout['author_active_followers']} recently active followers, {fanout['rounds']} posts: "
            f"creating the post p50 {percentile(fanout['post_request_ms'], 50):.0f} ms; in a follower's inbox after "
            f"p50 {percentile(fanout['lag_ms'], 50) / 1000:.2f} s, "
            f"p99 {percentile(fanout['lag_ms'], 99) / 1000:.2f} s; "
            f"inboxes reached per post: {statistics.median(fanout['inboxes_reached']):.0f}.",
        ]
    freshness = report.get("search_freshness")
    if freshness and freshness.get("all_ms"):
        per_kind = "; ".join(
            f"{kind} p50 {percentile(lags, 50) / 1000:.2f} s" for kind, lags in freshness["lag_ms"].items() if lags
        )
        lines += [
            "",
            "## Search index freshness",
            "",
            f"Change to searchable through the worker, {freshness['rounds']} rounds: all changes "
            f"p50 {percentile(freshness['all_ms'], 50) / 1000:.2f} s, "
            f"p99 {percentile(freshness['all_ms'], 99) / 1000:.2f} s ({per_kind}).",
        ]
    for users in report["load"]:
        checks = report["targets"][users]
        missed = [check for check in checks if not check["met"]]
        lines += ["", f"## Targets at {users} concurrent people ({len(checks) - len(missed)} of {len(checks)} met)", ""]
        lines += ["| target | measured | |", "|---|---:|---|"]
        for check in checks:
            value = "-" if check["measured"] is None else f"{check['measured']:.1f}"
            lines.append(f"| {check['target']} | {value} | {'met' if check['met'] else '**missed**'} |")
    return "\n".join(lines) + "\n"
