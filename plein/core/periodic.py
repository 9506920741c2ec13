"""Jobs the worker runs on a schedule, so no cron has to be configured.

A job registers from an app's ``ready()`` with how often it should run. Every
worker runs due jobs between deliveries; jobs must therefore be idempotent
(they mark what they did in the database, such as "reminder sent"), so that
two workers, or a restart, never do the same work twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("plein.periodic")


@dataclass
class PeriodicJob:
    name: str
    func: Callable[[], object]
    every_seconds: float
    next_run: float = 0.0


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, func: Callable[[], object], *, every_seconds: float = 300) -> None:
    _jobs[name] = PeriodicJob(name=name, func=func, every_seconds=every_seconds)


def periodic_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def run_due_jobs(now: float | None = None) -> list[str]:
    """Run each job whose time has come; a failing job is logged and retried next round."""
    moment = time.monotonic() if now is None else now
    ran = []
    for job in _jobs.values():
        if moment < job.next_run:
            continue
        job.next_run = moment + job.every_seconds
        try:
            job.func()
            ran.append(job.name)
        except Exception:
            log.exception("Periodic job %s failed; it runs again next round", job.name)
    return ran
