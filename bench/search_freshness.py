"""Search freshness: from a change (through the stream's actions) to the change being searchable.

Each round creates a post with a word nobody used before, edits it to another
new word, comments on it, edits the comment and deletes the post, each through
:mod:`plein.stream.actions` (which commit and record the event); after each
change it searches every 20 ms as the author (:func:`plein.search.content.search_content`,
the same read the results page does) until the change shows: the new word
found, the old word gone, the deleted post gone. The real worker (``plein
worker``, polling every ``PLEIN_WORKER_POLL_SECONDS``) keeps the index.

``measure()`` runs inside a process that has Django set up on the data (the
benchmark's, while its stack runs). Standalone it starts its own worker:

    cp bench/data/sqlite-medium-1/plein.sqlite3 /tmp/fresh/    # a copy: this writes posts
    .venv/bin/python -m bench.search_freshness --var /tmp/fresh --rounds 10
"""

from __future__ import annotations

import argparse
import os
import random
import string
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.data import base_env, plein


def _new_word(rng: random.Random) -> str:
    return "zoekmeting" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def _author() -> Any:
    from plein.accounts.models import User, UserKind

    return User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE, is_superuser=False).order_by("pk").first()


def _finds(user: Any, word: str) -> set[tuple[str, int]]:
    from plein.search.access import Searcher
    from plein.search.analysis import parse_query
    from plein.search.content import ContentFilters, search_content

    results = search_content(searcher=Searcher(user), query=parse_query(word), filters=ContentFilters())
    return {(hit.document.kind, hit.document.object_id) for hit in results.hits}


def _swapped(user: Any, old: str, new: str) -> bool:
    return not _finds(user, old) and bool(_finds(user, new))


def _wait(done: Callable[[], bool], started: float, timeout: float) -> float:
    while not done():
        if time.perf_counter() - started > timeout:
            return float("inf")
        time.sleep(0.02)
    return (time.perf_counter() - started) * 1000


def measure(*, rounds: int = 10, timeout: float = 30.0, seed: int = 1) -> dict[str, Any]:
    """Lags in ms per change, sorted; ``inf`` when the change was not searchable within ``timeout`` seconds.

    One round more than asked is run first and not counted: it waits for the worker's backlog."""
    from plein.stream import actions

    rng = random.Random(seed)
    author = _author()
    lags: dict[str, list[float]] = {"post created": [], "post edited": [], "comment created": [], "comment edited": []}
    lags["post deleted"] = []
    for number in range(rounds + 1):
        if number == 1:  # the first round waits for what the worker had queued before (start-up, backlog)
            lags = {kind: [] for kind in lags}
        first, second, said, changed = (_new_word(rng) for _ in range(4))
        started = time.perf_counter()
        post = actions.create_post(author=author, body=f"Meting van de zoekindex: {first}.")
        lags["post created"].append(
            _wait(lambda w=first, pk=post.pk: ("post", pk) in _finds(author, w), started, timeout)
        )

        started = time.perf_counter()
        actions.edit_post(actor=author, post=post, body=f"Meting van de zoekindex, aangepast: {second}.")
        lags["post edited"].append(_wait(lambda old=first, new=second: _swapped(author, old, new), started, timeout))

        started = time.perf_counter()
        comment = actions.create_comment(author=author, post=post, body=f"Een reactie: {said}.")
        lags["comment created"].append(_wait(lambda w=said: bool(_finds(author, w)), started, timeout))

        started = time.perf_counter()
        actions.edit_comment(actor=author, comment=comment, body=f"Een aangepaste reactie: {changed}.")
        lags["comment edited"].append(_wait(lambda old=said, new=changed: _swapped(author, old, new), started, timeout))

        started = time.perf_counter()
        actions.delete_post(actor=author, post=post)
        lags["post deleted"].append(
            _wait(lambda a=second, b=changed: not _finds(author, a) and not _finds(author, b), started, timeout)
        )
    every = sorted(lag for values in lags.values() for lag in values)
    return {"rounds": rounds, "lag_ms": {kind: sorted(values) for kind, values in lags.items()}, "all_ms": every}


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--var", type=Path, required=True, help="a data folder this may write to (a copy)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    env = base_env(args.var.resolve(), args.database_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    worker = plein("worker", env=env)
    try:
        time.sleep(3)  # the worker's start-up
        print(f"worker polls every {settings.PLEIN_WORKER_POLL_SECONDS} s; load average {os.getloadavg()}")
        found = measure(rounds=args.rounds)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"load average after: {os.getloadavg()}")
    for kind, values in [*found["lag_ms"].items(), ("all changes", found["all_ms"])]:
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"{kind:<16} p50 {p50:7.0f} ms   p99 {p99:7.0f} ms   n={len(values)}")


if __name__ == "__main__":
    main()
