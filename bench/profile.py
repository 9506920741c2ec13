"""Where a page spends its time: pyinstrument over repeated requests, on the benchmark's data.

Usage: ``.venv/bin/python -m bench.profile --db sqlite --size medium / /meldingen/teller/``

Uses the data ``make bench`` generated for the database, size and seed (run that
first), logs in as a person of the organisation (``--person``: an e-mail; default
the demo employee) and requests each path ``--repeat`` times in this process with
Django's test client (the whole middleware stack, no network). Prints per path the
mean time, the queries per request and the time spent in them, and pyinstrument's
call tree of the slowest parts.
"""

from __future__ import annotations

import argparse
import os
import time
import urllib.parse

from bench import data
from bench.workload import EMPLOYEE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", choices=list(data.DEMO_SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", data.DEFAULT_POSTGRES))
    parser.add_argument("--person", default=EMPLOYEE)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    var = data.DATA / f"{args.db}-{args.size}-{args.seed}"
    if not (var / "ready.json").exists():
        raise SystemExit(f"No {args.size} data for {args.db}; run make bench DB={args.db} SIZE={args.size} first.")
    os.environ.update({"PLEIN_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "plein.settings"})
    os.environ.pop("DATABASE_URL", None)
    if args.db == "postgres":
        name = urllib.parse.urlsplit(args.database_url).path.lstrip("/") or "plein"
        os.environ["DATABASE_URL"] = data.postgres_url(args.database_url, f"{name}_{args.size}_{args.seed}")
    os.environ["PLEIN_SERVER_TIMING"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    from plein.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(email=args.person))
    for path in args.paths:
        client.get(path)  # warm: caches, content types, a returning person's inbox
        profiler = Profiler(interval=0.0005)
        timings = []
        started = time.perf_counter()
        with profiler:
            for _ in range(args.repeat):
                response = client.get(path)
                timings.append(response.headers.get("Server-Timing", ""))
        mean = (time.perf_counter() - started) / args.repeat * 1000
        print(f"\n=== {path}: {response.status_code}, {mean:.1f} ms per request; last: {timings[-1]}")
        print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
