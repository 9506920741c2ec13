"""Site search latency on benchmark data, measured in-process: quick results and the results page.

Runs the search views (and, separately, their selectors) for a fixed set of
realistic Dutch queries as a sample of generated people, on an existing
benchmark data set (see :mod:`bench.data`), and prints p50/p95 per kind of
query and per view, with the queries each request ran. Nothing is written
except what searching itself writes (the anonymous no-results statistics).

    .venv/bin/python -m bench.search_latency                         # bench/data/sqlite-medium-1
    .venv/bin/python -m bench.search_latency --var bench/data/postgres-medium-1 \\
        --database-url postgres://postgres@127.0.0.1:5432/plein_bench_medium_1
    .venv/bin/python -m bench.search_latency --profile "van"         # pyinstrument of one query's page

Times are server-side (view or selector call, no network, no middleware) and
include waiting for the CPU on a loaded machine: read the load average printed
with them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.data import DATA, base_env

# (kind, query): what people type into an intranet's search box.
QUERIES: tuple[tuple[str, str], ...] = (
    ("common", "van"),
    ("common", "team"),
    ("common", "goed"),
    ("common", "planning"),
    ("common", "werkplek"),
    ("common", "nieuwe collega"),
    ("common", "overleg"),
    ("topic", "duurzaamheid"),
    ("topic", "omgevingswet"),
    ("topic", "#datagedreven"),
    ("topic", "participatie"),
    ("topic", "zaaksysteem"),
    ("name", "jan"),
    ("name", "de vries"),
    ("name", "bakker"),
    ("name", "sanne"),
    ("name", "mohamed el"),
    ("phrase", '"nieuwe zaaksysteem"'),
    ("phrase", '"kort overleg werkt"'),
    ("phrase", '"op de derde verdieping"'),
    ("rare", "huisvestingsplan"),
    ("rare", "servicedesk storingen"),
    ("rare", "grondexploitatie"),
    ("rare", "vergadring"),  # a typo: nothing, then "did you mean"
    ("rare", "kaasstengels"),  # nothing at all
    ("prefix", "verg"),
    ("prefix", "omgev"),
    ("prefix", "burgerz"),
    ("prefix", "gis"),
    ("prefix", "inspiratiesess"),
    ("mixed", "kantine stadswerf vrijdag"),
    ("mixed", "bewonersavond opkomst"),
)


def setup(var: Path, database_url: str | None) -> None:
    os.environ.update(base_env(var, database_url))
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":  # wait for a writer (an index rebuild) rather than fail
        connection.ensure_connection()
        connection.cursor().execute("PRAGMA busy_timeout = 120000")


def people(count: int, seed: int) -> list[Any]:
    """Active employees spread over the organisation (every n-th by id), the demo employee and one guest."""
    from plein.accounts.models import User, UserKind

    employees = User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE, is_superuser=False)
    ids = list(employees.order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(count - 1, len(ids)))
    guest = User.objects.filter(is_active=True, kind=UserKind.GUEST).order_by("pk").first()
    found = list(User.objects.filter(pk__in=chosen).select_related("profile"))
    if guest is not None:
        found.append(User.objects.select_related("profile").get(pk=guest.pk))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def request_for(user: Any, path: str, query: str) -> Any:
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path, {"q": query})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.LANGUAGE_CODE = "nl"  # type: ignore[attr-defined]
    return request


def measure(call: Callable[[], Any]) -> tuple[float, float, int]:
    """Wall and CPU milliseconds (this process: Python and SQLite; PostgreSQL's work is not in it), queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        call()
        elapsed, cpu_elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    return elapsed, cpu_elapsed, len(captured)


def calls(user: Any, query: str) -> dict[str, Callable[[], Any]]:
    from plein.search import selectors, views
    from plein.search.content import ContentFilters

    def page_view() -> Any:
        response = views.search(request_for(user, "/zoeken/", query))
        assert response.status_code == 200, response.status_code
        return response

    def quick_view() -> Any:
        response = views.quick(request_for(user, "/zoeken/snel/", query))
        assert response.status_code == 200, response.status_code
        return response

    return {
        "quick (view)": quick_view,
        "page (view)": page_view,
        "quick (selector)": lambda: selectors.quick_results(viewer=user, query=query),
        "page (selector)": lambda: selectors.site_search(
            viewer=user, query=query, tab="alles", filters=ContentFilters()
        ),
        "people (selector)": lambda: list(selectors.search_people(viewer=user, query=query)[:51]),
    }


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import translation

    from plein.search.models import SearchDocument

    translation.activate("nl")
    documents = SearchDocument.objects.count()
    searchers = people(args.people, args.seed)
    print(f"{connection.vendor}, {documents:,} documents in the index, {len(searchers)} searchers")
    print(f"load average before: {os.getloadavg()}")
    if not documents:
        print("WARNING: the search index is empty (run `plein search rebuild` on this data first)")
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[str, list[int]] = defaultdict(list)
    by_query: dict[tuple[str, str], list[float]] = defaultdict(list)
    rng = random.Random(args.seed)
    work = [(user, kind, query) for user in searchers for kind, query in QUERIES]
    rng.shuffle(work)
    # Warm up: each query once (Python imports, template loading, the OS and database caches).
    for _kind, query in QUERIES:
        for call in calls(searchers[0], query).values():
            call()
    started = time.perf_counter()
    for user, kind, query in work[: args.limit or None]:
        for what, call in calls(user, query).items():
            elapsed, cpu, queries = measure(call)
            times[(what, kind)].append(elapsed)
            times[(what, "all")].append(elapsed)
            times[(what, "cpu")].append(cpu)
            counts[what].append(queries)
            if what == "page (view)":
                by_query[(kind, query)].append(elapsed)
    print(f"{len(work[: args.limit or None])} searches in {time.perf_counter() - started:.0f} s")
    print(f"load average after: {os.getloadavg()}\n")
    kinds = ["all", "cpu", *dict.fromkeys(kind for kind, _query in QUERIES)]
    print("wall ms p50 / p95 per kind of query; 'cpu': CPU ms of this process for all queries")
    print(f"{'ms p50 / p95':<18}" + "".join(f"{kind:>16}" for kind in kinds) + f"{'queries':>12}")
    for what in calls(searchers[0], ""):
        row = f"{what:<18}"
        for kind in kinds:
            values = times[(what, kind)]
            row += f"{percentile(values, 0.5):>8.1f} /{percentile(values, 0.95):>6.1f}" if values else f"{'':>16}"
        spread = counts[what]
        row += f"{min(spread):>8}-{max(spread)}" if spread else ""
        print(row)
    print("\nslowest queries (results page view, p50 ms):")
    slowest = sorted(by_query.items(), key=lambda item: -statistics.median(item[1]))
    for (kind, query), values in slowest[:8]:
        print(f"  {statistics.median(values):8.1f}  {kind:<7} {query}")


def profile(args: argparse.Namespace) -> None:
    from pyinstrument import Profiler

    user = people(2, args.seed)[0]
    for _ in range(2):
        for call in calls(user, args.profile).values():
            call()
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(5):
            calls(user, args.profile)["page (view)"]()
            calls(user, args.profile)["quick (view)"]()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--var", type=Path, default=DATA / "sqlite-medium-1", help="the data set's var folder")
    parser.add_argument("--database-url", default=None, help="PostgreSQL data: its database")
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="measure only this many (person, query) pairs")
    parser.add_argument("--profile", default="", help="profile the views for this query instead")
    args = parser.parse_args()
    setup(args.var.resolve(), args.database_url)
    if args.profile:
        profile(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
