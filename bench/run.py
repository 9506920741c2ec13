"""Plein benchmark: latency, throughput and memory of the main pages.

Usage: ``make bench`` or ``.venv/bin/python -m bench.run --size medium``.

It builds a demo organisation in a scratch folder, serves it with ``plein web``
exactly as in production (granian, WSGI), logs in as the demo employee and
requests each page for a fixed number of rounds from a few concurrent clients.
Every figure is reported next to a same-run baseline, ``/health/`` (one
trivial query, no session), so results from different machines compare as
ratios. Not part of the test suite; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PAGES = [
    "/health/",
    "/",
    "/mensen/",
    "/mensen/?q=de",
    "/mensen/?q=jan+de",
    "/mensen/?q=ruimtelijke",
    "/mensen/experts/?onderwerp=gis",
    "/mensen/nieuw/",
    "/zoeken/?q=van",
    "/meldingen/",
    "/organisatie/",
    "DEPARTMENT",
    "/ruimtes/",
    "/ruimtes/?mijn=1",
    "/ruimtes/?q=team",
    # The demo's fixed spaces have fixed addresses: "Mededelingen" has everyone as a member (the
    # largest space), "Omgevingswet invoering" is a typical project the demo employee owns.
    "/ruimtes/mededelingen/",
    "/ruimtes/mededelingen/leden/",
    "/ruimtes/omgevingswet-invoering/",
]
EMAIL, PASSWORD = "medewerker@zuiderveld.nl", "plein-demo-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def plein(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "plein.cli", *args], env=env, **kwargs)  # type: ignore[call-overload]


def logged_in_opener(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode({"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/"})  # noqa: S310
    opener.open(request).read()
    return opener


def department_page(opener: urllib.request.OpenerDirector, base: str) -> str:
    """The first department listed on the organisation overview (a unit with a few hundred teams)."""
    html = opener.open(f"{base}/organisatie/").read().decode()
    match = re.search(r'<li><a class="utrecht-link" href="(/organisatie/\d+/)">', html)
    if match is None:
        raise RuntimeError("the organisation overview lists no department")
    return match.group(1)


def measure(opener: urllib.request.OpenerDirector, url: str, rounds: int, clients: int) -> tuple[list[float], float]:
    def one(_: int) -> float:
        started = time.perf_counter()
        with opener.open(url) as response:
            response.read()
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = list(pool.map(one, range(rounds)))
    return latencies, rounds / (time.perf_counter() - started)


def rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "medium", "large"], default="medium")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--database-url", help="benchmark on this (empty) database instead of SQLite")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="plein-bench-")
    env = {**os.environ, "PLEIN_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "plein.settings"}
    env.pop("PLEIN_TASKS_BACKEND", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    steps = [["migrate", "--quiet"], ["demo", "--size", args.size, "--quiet"]]
    if args.database_url:
        # PostgreSQL plans by table statistics, which autovacuum gathers within a minute or so of a bulk
        # load; gather them now, so the run does not measure plans made for empty tables (and works where
        # autovacuum is off).
        steps.append(
            ["manage", "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"]
        )
    for step in steps:
        started = time.perf_counter()
        if plein(*step, env=env).wait() != 0:
            return 1
        print(f"{' '.join(step)[:32]:<32} {time.perf_counter() - started:8.1f} s")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = plein("web", "--port", str(port), env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=2).read()  # noqa: S310 (local server)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        opener = logged_in_opener(base)
        print(f"\n{args.size} organisation, {args.rounds} requests per page, {args.clients} clients\n")
        print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'x baseline p50':>16}")
        baseline = None
        pages = [department_page(opener, base) if page == "DEPARTMENT" else page for page in PAGES]
        for page in pages:
            measure(opener, base + page, 10, 1)  # warm up
            latencies, rate = measure(opener, base + page, args.rounds, args.clients)
            p50 = statistics.median(latencies) * 1000
            p95 = statistics.quantiles(latencies, n=20)[18] * 1000
            baseline = baseline or p50
            print(f"{page:<34}{p50:9.1f}{p95:9.1f}{rate:9.0f}{p50 / baseline:16.1f}")
        print(f"\nweb processes resident memory: {rss_mb(server.pid):.0f} MB")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
