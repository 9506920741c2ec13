"""The real ``plein worker``: killed in the middle of a delivery, nothing is lost and nothing applied twice.

These tests start ``python -m plein.cli worker`` subprocesses against the test
database (SQLite file or PostgreSQL), so they use ``transaction=True``: the
workers only see committed rows. The test consumer in
:mod:`tests.core.consumer_app` reaches the workers through
``PLEIN_EXTRA_EVENT_CONSUMERS``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, transaction
from django.tasks.base import TaskResultStatus

from plein.accounts.actions import create_user
from plein.core.events import record_event, unregister_consumer
from plein.core.models import DeliveryStatus, Event, EventDelivery
from plein.notifications.models import Notification
from tests.core import consumer_app

T = TypeVar("T")

EVENTS = 16


def _test_database_url() -> str:
    """DATABASE_URL for the database this test runs on (not the development one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"
    raise NotImplementedError(connection.vendor)


class Workers:
    """Starts ``plein worker`` processes and makes sure every one of them is stopped."""

    def __init__(self, tmp_path: Path, delay: float, **extra_env: str) -> None:
        self.markers = tmp_path / "markers"
        self.markers.mkdir()
        self.logs = tmp_path
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _test_database_url(),
            # The suite runs tasks immediately; a worker needs the real queue.
            "PLEIN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PLEIN_EXTRA_EVENT_CONSUMERS": f"{consumer_app.__name__}.register",
            "PLEIN_TEST_CONSUMER_DELAY": str(delay),
            "PLEIN_TEST_CONSUMER_MARKERS": str(self.markers),
            "PLEIN_WORKER_POLL_SECONDS": "0.1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])),
            **extra_env,
        }

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.procs) + 1}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "plein.cli", "worker", "--interval", "0.2"],
            env=self.env,
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs:
            self.kill(proc)

    def ready(self) -> set[int]:
        return {int(p.name.split("-")[1]) for p in self.markers.glob("ready-*")}

    def started_events(self) -> set[int]:
        return {int(p.name.split("-")[1]) for p in self.markers.glob("started-*")}

    def output(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.logs.glob("worker-*.log"))
        )

    def wait_for(self, what: str, check: Callable[[], T], timeout: float) -> T:
        """Poll ``check`` until it returns something truthy; bounded, and fails early if a worker died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            dead = [p for p in self.procs if p.poll() is not None and p.returncode != -signal.SIGKILL]
            if dead:
                pytest.fail(f"a worker exited ({dead[0].returncode}) while waiting for {what}\n{self.output()}")
            time.sleep(0.02)
        pytest.fail(f"timed out after {timeout}s waiting for {what}\n{self.output()}")


@pytest.fixture
def workers(tmp_path) -> Iterator[Callable[..., Workers]]:
    made: list[Workers] = []

    def make(delay: float, **extra_env: str) -> Workers:
        made.append(Workers(tmp_path, delay, **extra_env))
        return made[-1]

    try:
        yield make
    finally:
        for w in made:
            w.stop_all()


@pytest.fixture
def recipient():
    return create_user(email="henk@example.org", first_name="Henk", last_name="Dekker")


def _record_pings(recipient, count: int = EVENTS) -> list[int]:
    """Record ``count`` events for the test consumer, committed together."""
    consumer_app.register()  # so this process writes deliveries for it, as a web process would
    try:
        with transaction.atomic():
            return [record_event(kind=consumer_app.KIND, payload={"recipient": recipient.pk}).pk for _ in range(count)]
    finally:
        unregister_consumer(consumer_app.NAME)


def _applied() -> Counter[int]:
    """How often each event was applied by the test consumer."""
    urls = Notification.objects.filter(kind=consumer_app.APPLIED_KIND).values_list("url", flat=True)
    return Counter(int(url.split("/")[3]) for url in urls)


def _applied_by() -> dict[int, int]:
    urls = Notification.objects.filter(kind=consumer_app.APPLIED_KIND).values_list("url", flat=True)
    return {int(url.split("/")[3]): int(url.rsplit("pid=", 1)[1]) for url in urls}


def _deliveries(event_ids: list[int]):
    return EventDelivery.objects.filter(event_id__in=event_ids)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_nothing_and_applies_nothing_twice(workers, recipient):
    pool = workers(0.2)
    event_ids = _record_pings(recipient)
    assert _deliveries(event_ids).filter(consumer=consumer_app.NAME).count() == EVENTS

    first = pool.start()

    def mid_delivery() -> set[int] | None:
        # Markers first, then the database: an event counted as in flight has
        # started and had not committed when we looked.
        started = pool.started_events()
        applied = set(_applied())
        if len(applied) >= 3 and started - applied:
            return started - applied
        return None

    in_flight = pool.wait_for("some deliveries and one in flight", mid_delivery, timeout=30)
    pool.kill(first)

    applied = _applied()
    done = set(_deliveries(event_ids).filter(status=DeliveryStatus.DONE).values_list("event_id", flat=True))
    assert 3 <= len(applied) < EVENTS
    assert set(applied.values()) == {1}
    # What is marked done is exactly what was applied: the kill left no half-done delivery.
    assert done == set(applied)
    for event_id in in_flight:
        delivery = _deliveries([event_id]).get()
        assert (delivery.status, delivery.attempts, delivery.delivered_at) == (DeliveryStatus.PENDING, 0, None)
    assert _deliveries(event_ids).filter(status=DeliveryStatus.PENDING).count() == EVENTS - len(applied)

    second = pool.start()

    def all_done() -> bool:
        return not _deliveries(event_ids).exclude(status=DeliveryStatus.DONE).exists()

    pool.wait_for("every delivery done", all_done, timeout=60)

    assert _applied() == Counter(dict.fromkeys(event_ids, 1))
    # The killed attempt left no trace, not even in the attempt counter.
    assert set(_deliveries(event_ids).values_list("status", "attempts", "last_error")) == {(DeliveryStatus.DONE, 1, "")}
    assert set(_applied_by().values()) == {first.pid, second.pid}
    assert Event.objects.filter(pk__in=event_ids).count() == EVENTS


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_deliver_each_event_once(workers, recipient):
    # PostgreSQL: SKIP LOCKED lets both claim at once; SQLite: the write lock taken
    # at BEGIN makes them take turns. Either way no event is applied twice.
    pool = workers(0.2)
    one, two = pool.start(), pool.start()
    pool.wait_for("both workers ready", lambda: pool.ready() >= {one.pid, two.pid}, timeout=30)

    event_ids = _record_pings(recipient)

    def all_done() -> bool:
        return not _deliveries(event_ids).exclude(status=DeliveryStatus.DONE).exists()

    pool.wait_for("every delivery done", all_done, timeout=60)

    assert _applied() == Counter(dict.fromkeys(event_ids, 1))
    assert set(_deliveries(event_ids).values_list("status", "attempts")) == {(DeliveryStatus.DONE, 1)}
    if connection.vendor == "postgresql":
        shares = Counter(_applied_by().values())
        assert set(shares) == {one.pid, two.pid}, f"one worker did everything: {shares}"


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_queued_mail_through_smtp(workers):
    """Mail queued by a web process is sent by ``plein worker`` from the database queue."""
    from django.core.mail import EmailMultiAlternatives
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from plein.core.mail import message_to_data
    from plein.core.tasks import send_email
    from tests.smtp import Collector, free_port

    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        pool = workers(
            0,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(controller.port),
        )
        message = EmailMultiAlternatives("Weekoverzicht", "Dit gebeurde er.", None, ["iris@example.org"])
        message.attach_alternative("<h1>Weekoverzicht</h1>", "text/html")
        # The suite runs tasks immediately; enqueue the way a web process does, on the database queue.
        queue = DatabaseBackend("default", {"QUEUES": settings.TASKS["default"]["QUEUES"]})
        result = queue.enqueue(send_email, [message_to_data(message), 1], {})

        pool.start()
        pool.wait_for("the mail to arrive", lambda: handler.envelopes, timeout=30)

        received = handler.messages()[0]
        assert received["Subject"] == "Weekoverzicht"
        assert handler.envelopes[0].rcpt_tos == ["iris@example.org"]
        assert received.get_body(preferencelist=("html",)).get_content().strip() == "<h1>Weekoverzicht</h1>"
        pool.wait_for(
            "the task to be marked successful",
            lambda: DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.SUCCESSFUL).exists(),
            timeout=10,
        )
    finally:
        controller.stop()
