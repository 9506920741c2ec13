"""Plein benchmark: server-side latency, throughput, queries and memory of the pages people use most.

Usage: ``make bench DB=sqlite|postgres SIZE=small|medium|large`` or
``.venv/bin/python -m bench.run --db sqlite --size medium``.

It generates (or reuses) the demo organisation for the size and seed, starts
Plein as production runs it (``plein web`` with its workers, ``plein worker``,
``plein live``), and drives it over loopback with locust as people of that
organisation, with the read-heavy mix of bench/workload.py, closed loop, at 8
and 32 concurrent people: a warm-up, then three runs each, medians reported.
In the same run it measures the baselines (B0 a static file, B1 a minimal
Django view, B2 one SQL query per page), peak memory and the feed's fan-out
lag, then prints a Markdown report and writes it, with a JSON twin, to
bench/results/. Nothing here asserts timings; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import baselines as sql_baselines
from bench import data, report, stack, workload

ROOT = Path(__file__).resolve().parent


def locust(base: str, *, plan: Path, samples: Path, users: int, seconds: float, log: Path, mix: str) -> None:
    env = {**os.environ, "BENCH_PLAN": str(plan), "BENCH_SAMPLES": str(samples)}
    env["BENCH_MIX"] = mix
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "locustfile.py"), "--headless", "--host", base]
    command += ["-u", str(users), "-r", str(users), "-t", f"{max(1, round(seconds))}s", "--stop-timeout", "10"]
    command += ["--only-summary", "--loglevel", "ERROR", "--exit-code-on-error", "0"]
    with log.open("ab") as out:
        subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=True, cwd=ROOT.parent)


def timed_runs(
    base: str, *, plan: Path, work: Path, users: int, runs: int, seconds: float, mix: str
) -> list[dict[str, Any]]:
    baseline = mix == "baseline"
    summaries = []
    for number in range(1, runs + 1):
        samples = work / f"{'baseline' if baseline else 'load'}-{users}-{number}.jsonl"
        locust(base, plan=plan, samples=samples, users=users, seconds=seconds, log=work / "locust.log", mix=mix)
        # locust runs for the whole seconds given (-t), so throughput is requests over that time.
        summaries.append(report.summarise_run(report.load_samples(samples), max(1, round(seconds))))
        print(
            f"  {'baselines' if baseline else 'load'} at {users} people, run {number}: "
            f"{summaries[-1]['all']['requests']} requests",
            flush=True,
        )
    return summaries


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", choices=list(data.DEMO_SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", data.DEFAULT_POSTGRES),
        help="PostgreSQL server and base name; the bench uses <name>_<size>_<seed> on it",
    )
    parser.add_argument("--users", default="8,32", help="concurrent people, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=30, help="seconds per run")
    parser.add_argument("--baseline-duration", type=float, help="seconds per B0/B1 run (default: a third of a run)")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of warm-up load before measuring")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("PLEIN_WEB_WORKERS", "2")))
    parser.add_argument("--fanout-rounds", type=int, default=10)
    parser.add_argument(
        "--mix", choices=["random", "cycle"], default="random", help="cycle: every page in turn (smoke test)"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the data again even if it exists")
    parser.add_argument("--data-dir", type=Path, default=data.DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    concurrency = [int(value) for value in args.users.split(",") if value.strip()]
    started = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    print(f"Preparing the {args.size} organisation on {args.db} (seed {args.seed})...", flush=True)
    dataset = data.prepare(
        db=args.db,
        size=args.size,
        seed=args.seed,
        database_url=args.database_url if args.db == "postgres" else None,
        fresh=args.fresh,
        data_root=args.data_dir,
    )
    print(f"  {'reused' if dataset.reused else 'generated'}: {dataset.summary}", flush=True)
    print(f"  data generation: {dataset.generation_seconds:.0f} s", flush=True)
    os.environ.update({key: dataset.env[key] for key in ("PLEIN_VAR_DIR", "DJANGO_SETTINGS_MODULE")})
    os.environ.pop("DATABASE_URL", None)
    if dataset.database_url:
        os.environ["DATABASE_URL"] = dataset.database_url
    import django

    django.setup()
    from django.db import connection

    work = dataset.var / "runs" / started
    work.mkdir(parents=True)
    result: dict[str, Any] = {
        "started": started,
        "config": {
            "db": args.db,
            "size": args.size,
            "seed": args.seed,
            "users": concurrency,
            "runs": args.runs,
            "duration": args.duration,
            "warmup": args.warmup,
            "workers": args.workers,
        },
        "machine": report.machine(args.db),
        "generation": {"seconds": dataset.generation_seconds, "summary": dataset.summary, "reused": dataset.reused},
        "load": {},
    }
    connection.close()
    plein = stack.start(dataset.env, workers=args.workers, log=work / "servers.log")
    try:
        with stack.MemoryWatch(plein) as memory:
            plan_file = work / "plan.json"
            plan = workload.build(base=plein.base, people=max(concurrency), seed=args.seed, path=plan_file)
            connection.close()
            print(f"Warm-up, {args.warmup:.0f} s at {max(concurrency)} people...", flush=True)
            locust(
                plein.base,
                plan=plan_file,
                samples=work / "warmup.jsonl",
                users=max(concurrency),
                seconds=args.warmup,
                log=work / "locust.log",
                mix=args.mix,
            )
            b0_b1 = timed_runs(
                plein.base,
                plan=plan_file,
                work=work,
                users=min(concurrency),
                runs=args.runs,
                seconds=args.baseline_duration or max(2.0, args.duration / 3),
                mix="baseline",
            )
            for users in concurrency:
                runs = timed_runs(
                    plein.base,
                    plan=plan_file,
                    work=work,
                    users=users,
                    runs=args.runs,
                    seconds=args.duration,
                    mix=args.mix,
                )
                result["load"][str(users)] = report.median_of_runs(runs)
        result["memory"] = {
            "per_worker_mb": sorted(memory.per_worker.values(), reverse=True),
            "per_role_mb": memory.per_role,
            "stack_mb": memory.total,
        }
        print("B2 baselines (one SQL query per page)...", flush=True)
        result["baselines"] = {"B0_B1": report.median_of_runs(b0_b1), "B2": sql_baselines.measure(plan)}
        connection.close()
        if args.fanout_rounds:
            print(f"Feed fan-out lag, {args.fanout_rounds} posts...", flush=True)
            from bench import fanout

            result["fanout"] = fanout.measure(plein.base, rounds=args.fanout_rounds)
            connection.close()
            print(f"Search index freshness, {args.fanout_rounds} rounds of five changes...", flush=True)
            from bench import search_freshness

            result["search_freshness"] = search_freshness.measure(rounds=args.fanout_rounds)
            connection.close()
    finally:
        plein.stop()
    result["targets"] = {str(users): report.targets(result, users) for users in concurrency}
    text = report.markdown(result)
    print("\n" + text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"{started}-{args.db}-{args.size}"
    (args.out / f"{name}.md").write_text(text)
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
    print(f"Written to {args.out / name}.md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
