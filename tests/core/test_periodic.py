"""Periodic jobs: run when due, skipped until then, a failure logged without stopping the others."""

from __future__ import annotations

import logging
import threading

import pytest

from plein.core import dispatch, periodic


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test; the apps' own jobs are back afterwards."""
    registry: dict[str, periodic.PeriodicJob] = {}
    monkeypatch.setattr(periodic, "_jobs", registry)
    return registry


def test_the_apps_register_their_jobs():
    names = {job.name: job for job in periodic.periodic_jobs()}
    assert "spaces.guest_access" in names
    assert names["spaces.guest_access"].every_seconds == 300


def test_due_jobs_run_and_the_rest_wait_their_turn(jobs):
    ran: list[str] = []
    periodic.register_periodic("often", lambda: ran.append("often"), every_seconds=10)
    periodic.register_periodic("seldom", lambda: ran.append("seldom"), every_seconds=100)

    assert periodic.run_due_jobs(now=1000.0) == ["often", "seldom"]  # never run yet: both due
    assert periodic.run_due_jobs(now=1005.0) == []
    assert periodic.run_due_jobs(now=1010.0) == ["often"]
    assert periodic.run_due_jobs(now=1099.0) == ["often"]
    assert periodic.run_due_jobs(now=1100.0) == ["seldom"]  # "often" ran at 1099, so it is due at 1109
    assert ran == ["often", "seldom", "often", "often", "seldom"]


def test_registering_again_replaces_the_job(jobs):
    periodic.register_periodic("job", lambda: None, every_seconds=10)
    periodic.register_periodic("job", lambda: None, every_seconds=20)
    assert [(job.name, job.every_seconds) for job in periodic.periodic_jobs()] == [("job", 20)]


def test_a_failing_job_is_logged_and_does_not_stop_the_others(jobs, caplog):
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("database on holiday")

    periodic.register_periodic("first", lambda: ran.append("first"), every_seconds=10)
    periodic.register_periodic("broken", broken, every_seconds=10)
    periodic.register_periodic("last", lambda: ran.append("last"), every_seconds=10)
    with caplog.at_level(logging.ERROR, logger="plein.periodic"):
        assert periodic.run_due_jobs(now=50.0) == ["first", "last"]
    assert ran == ["first", "last"]
    (record,) = caplog.records
    assert "broken" in record.getMessage() and record.exc_info[0] is RuntimeError
    # It is tried again next round, not in a tight loop.
    assert periodic.run_due_jobs(now=55.0) == []
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="plein.periodic"):
        assert periodic.run_due_jobs(now=60.0) == ["first", "last"]
    assert len(caplog.records) == 1


def test_the_worker_loop_runs_due_jobs(jobs, monkeypatch):
    # Only the scheduling is under test here: the outbox and the task sweep do nothing.
    monkeypatch.setattr(dispatch, "deliver_pending", lambda limit=None: 0)
    monkeypatch.setattr(dispatch, "requeue_stale_tasks", lambda: 0)
    monkeypatch.setattr(dispatch, "close_old_connections", lambda: None)
    stop = threading.Event()
    rounds: list[int] = []

    def job() -> None:
        rounds.append(1)
        stop.set()

    periodic.register_periodic("test.flag", job, every_seconds=3600)
    worker = threading.Thread(target=dispatch.run_forever, kwargs={"poll_seconds": 0.01, "stop": stop})
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "the worker loop did not stop"
    assert rounds == [1]  # run once, and not again within the hour
