"""The live endpoint: the ASGI app driven in-process by hand, and once through granian.

Every test uses committed data (``transaction=True``): the app reads the
database from worker threads, and the real server from another process.
The async parts run under ``asyncio.run`` in plain sync tests, so the ORM is
only touched through ``sync_to_async`` while a loop is running.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings

from plein.accounts.models import User, UserKind
from plein.core.events import AUDIENCE_ORG, record_event
from plein.core.models import Event
from plein.live.asgi import LiveApp
from plein.notifications.actions import mark_all_read, notify

pytestmark = [pytest.mark.django_db(transaction=True)]

PAGES = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def fast_live():
    with override_settings(PLEIN_LIVE_POLL_SECONDS=0.05, PLEIN_BASE_URL=PAGES):
        yield


def make_user(email: str, kind: str = UserKind.EMPLOYEE) -> User:
    return User.objects.create_user(email=email, password="old password 123", kind=kind)


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def run_async(coroutine: Any) -> Any:
    """``asyncio.run`` in a fresh thread.

    Playwright's sync API (the browser tests, same pytest session) leaves an
    event loop running in the main thread, where ``asyncio.run`` refuses to start.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def in_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Awaitable[Any]:
    """Run ORM work off the event loop, committed, as another web process would."""

    def committed() -> Any:
        with transaction.atomic():
            return fn(*args, **kwargs)

    return sync_to_async(committed, thread_sensitive=False)()


def notify_user(user: User, kind: str) -> int:
    """Notify and return the id of the outbox event that records it."""
    notification = notify(recipient_id=user.pk, kind=kind, event=None)
    return Event.objects.get(kind="notification.created", subject_id=str(notification.pk)).pk


class Request:
    """One request to the app, played the way an ASGI server plays it."""

    def __init__(
        self, app: LiveApp, *, cookie: str | None = None, origin: str | None = None, path: str = "/live/events"
    ):
        headers = [(b"host", b"127.0.0.1:8001")]
        if cookie is not None:
            headers.append((b"cookie", f"other=1; {settings.SESSION_COOKIE_NAME}={cookie}".encode()))
        if origin is not None:
            headers.append((b"origin", origin.encode()))
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8001),
        }
        self.app = app
        self.outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.gone = asyncio.Event()
        self.requested = False
        self.buffer = b""
        self.finished = False

    async def receive(self) -> dict[str, Any]:
        if not self.requested:
            self.requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        await self.outbox.put(message)

    async def start(self) -> tuple[int, dict[bytes, bytes]]:
        self.task = asyncio.create_task(self.app(self.scope, self.receive, self.send))
        message = await asyncio.wait_for(self.outbox.get(), 5)
        assert message["type"] == "http.response.start"
        return message["status"], dict(message["headers"])

    async def read_chunk(self, timeout: float = 5) -> bytes:
        message = await asyncio.wait_for(self.outbox.get(), timeout)
        assert message["type"] == "http.response.body"
        self.finished = not message.get("more_body", False)
        return message["body"]

    async def next_event(self, timeout: float = 5) -> tuple[str, dict[str, Any]]:
        """The next SSE event with data, skipping comments and the retry field."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                fields = dict(line.split(": ", 1) for line in block.decode().splitlines() if not line.startswith(":"))
                if "data" in fields:
                    return fields.get("event", "message"), json.loads(fields["data"])
            assert not self.finished, "the stream ended"
            self.buffer += await self.read_chunk(max(0.01, deadline - time.monotonic()))

    async def events_until(self, name: str, timeout: float = 5) -> list[tuple[str, dict[str, Any]]]:
        seen = [await self.next_event(timeout)]
        while seen[-1][0] != name:
            seen.append(await self.next_event(timeout))
        return seen

    async def disconnect(self) -> None:
        self.gone.set()
        await asyncio.wait_for(self.task, 5)


async def refused(app: LiveApp, cookie: str | None) -> tuple[int, bytes]:
    request = Request(app, cookie=cookie)
    status, headers = await request.start()
    assert headers[b"content-type"].startswith(b"text/plain")
    await request.read_chunk()
    await asyncio.wait_for(request.task, 5)
    return status, headers.get(b"content-type", b"")


def test_refuses_without_a_valid_session():
    async def scenario() -> list[int]:
        app = LiveApp()
        return [(await refused(app, cookie))[0] for cookie in (None, "", "no-such-session")]

    assert run_async(scenario()) == [401, 401, 401]


def test_refuses_inactive_users_and_sessions_from_before_a_password_change():
    inactive, changed = make_user("inactive@example.org"), make_user("changed@example.org")
    cookies = session_cookie(inactive), session_cookie(changed)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    changed.set_password("a new password 456")
    changed.save()

    async def scenario() -> list[int]:
        app = LiveApp()
        return [(await refused(app, cookie))[0] for cookie in cookies]

    assert run_async(scenario()) == [401, 401]


def test_stream_starts_with_retry_and_the_unread_count():
    user = make_user("ans@example.org")
    notify(recipient_id=user.pk, kind="welcome", event=None)
    cookie = session_cookie(user)

    async def scenario() -> None:
        request = Request(LiveApp(), cookie=cookie)
        status, headers = await request.start()
        assert status == 200
        assert headers[b"content-type"] == b"text/event-stream"
        assert headers[b"cache-control"] == b"no-cache"
        assert headers[b"x-accel-buffering"] == b"no"
        first = await request.read_chunk()
        assert first.startswith(b"retry: 5000\n\n")
        request.buffer = first
        assert await request.next_event() == ("unread", {"count": 1})
        await request.disconnect()

    run_async(scenario())


def test_own_notifications_arrive_and_others_do_not():
    user, other = make_user("ans@example.org"), make_user("bert@example.org")
    cookie = session_cookie(user)

    async def scenario() -> None:
        request = Request(LiveApp(), cookie=cookie)
        await request.start()
        assert await request.next_event() == ("unread", {"count": 0})

        others = await in_thread(notify_user, other, "welcome")
        mine = await in_thread(notify_user, user, "welcome")
        received = await request.events_until("unread", timeout=3)
        assert received == [("event", {"id": mine, "kind": "notification.created"}), ("unread", {"count": 1})]
        assert others not in [data.get("id") for _, data in received]

        await in_thread(mark_all_read, user=user)
        assert (await request.events_until("unread", timeout=3))[-1] == ("unread", {"count": 0})
        await request.disconnect()

    run_async(scenario())


def test_org_events_reach_employees_but_not_guests():
    employee, guest = make_user("ans@example.org"), make_user("gast@partner.example", kind=UserKind.GUEST)
    cookies = session_cookie(employee), session_cookie(guest)

    def announce(kind: str) -> int:
        return record_event(kind=kind, audience=[AUDIENCE_ORG]).pk

    async def scenario() -> None:
        app = LiveApp()
        for_employee, for_guest = Request(app, cookie=cookies[0]), Request(app, cookie=cookies[1])
        for request in (for_employee, for_guest):
            await request.start()
            await request.next_event()
        org_event = await in_thread(announce, "news.published")
        assert await for_employee.next_event(timeout=3) == ("event", {"id": org_event, "kind": "news.published"})
        with pytest.raises(TimeoutError):
            await for_guest.next_event(timeout=0.5)
        await for_employee.disconnect()
        await for_guest.disconnect()

    run_async(scenario())


def test_an_event_committed_late_with_a_lower_id_still_arrives():
    """PostgreSQL assigns ids at insert, so a slow transaction can commit a lower id after a higher one."""
    cookie = session_cookie(make_user("ans@example.org"))

    def org_event(kind: str, pk: int | None = None) -> int:
        return Event.objects.create(pk=pk, kind=kind, audience=[AUDIENCE_ORG]).pk

    async def scenario() -> None:
        request = Request(LiveApp(), cookie=cookie)
        await request.start()
        await request.next_event()
        first = await in_thread(org_event, "first")
        assert await request.next_event() == ("event", {"id": first, "kind": "first"})
        await in_thread(org_event, "after the gap", first + 2)
        assert await request.next_event() == ("event", {"id": first + 2, "kind": "after the gap"})
        await in_thread(org_event, "committed late", first + 1)
        assert await request.next_event() == ("event", {"id": first + 1, "kind": "committed late"})
        await request.disconnect()

    run_async(scenario())


def test_cors_headers_only_for_the_pages_origin():
    cookie = session_cookie(make_user("ans@example.org"))

    async def headers_for(origin: str | None) -> dict[bytes, bytes]:
        request = Request(LiveApp(), cookie=cookie, origin=origin)
        _, headers = await request.start()
        await request.disconnect()
        return headers

    allowed = run_async(headers_for(PAGES))
    assert allowed[b"access-control-allow-origin"] == PAGES.encode()
    assert allowed[b"access-control-allow-credentials"] == b"true"
    assert allowed[b"vary"] == b"Origin"
    for origin in ("http://evil.example", "http://127.0.0.1:8001", None):
        assert b"access-control-allow-origin" not in run_async(headers_for(origin))


def test_disconnect_unregisters_and_connections_per_user_are_capped():
    cookie = session_cookie(make_user("ans@example.org"))

    async def scenario() -> None:
        app = LiveApp(max_per_user=1)
        first = Request(app, cookie=cookie)
        assert (await first.start())[0] == 200
        assert len(app.hub.subscribers) == 1
        assert (await refused(app, cookie))[0] == 429
        await first.disconnect()
        assert app.hub.subscribers == set()
        second = Request(app, cookie=cookie)
        assert (await second.start())[0] == 200
        await second.disconnect()
        assert app.hub.subscribers == set()

    run_async(scenario())


def test_heartbeat_and_password_change_ends_an_open_stream():
    user = make_user("ans@example.org")
    cookie = session_cookie(user)

    def change_password() -> None:
        user.set_password("a new password 456")
        user.save()

    async def scenario() -> None:
        request = Request(LiveApp(heartbeat_seconds=0.05, recheck_seconds=0.2), cookie=cookie)
        await request.start()
        await request.next_event()
        assert b": ping\n\n" in await request.read_chunk()
        await in_thread(change_password)
        while not request.finished:
            await request.read_chunk()
        await asyncio.wait_for(request.task, 5)
        assert request.app.hub.subscribers == set()

    run_async(scenario())


def test_lifespan_starts_and_stops_the_tailer_and_ends_open_streams():
    cookie = session_cookie(make_user("ans@example.org"))

    async def scenario() -> None:
        app = LiveApp()
        inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        replies: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        lifespan = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, replies.put))
        await inbox.put({"type": "lifespan.startup"})
        assert (await asyncio.wait_for(replies.get(), 5))["type"] == "lifespan.startup.complete"
        assert app.hub is not None and app.hub.running

        stream = Request(app, cookie=cookie)
        await stream.start()
        await inbox.put({"type": "lifespan.shutdown"})
        assert (await asyncio.wait_for(replies.get(), 5))["type"] == "lifespan.shutdown.complete"
        await asyncio.wait_for(lifespan, 5)
        assert not app.hub.running
        await asyncio.wait_for(stream.task, 5)
        assert app.hub.subscribers == set()

    run_async(scenario())


def test_other_paths_are_not_found():
    async def scenario() -> int:
        request = Request(LiveApp(), path="/live/other")
        status, _ = await request.start()
        await asyncio.wait_for(request.task, 5)
        return status

    assert run_async(scenario()) == 404


def test_real_server_streams_and_stops_promptly(tmp_path):
    """Start the endpoint the way ``plein live`` does, read a stream, then stop the server.

    Stopping must end the open stream instead of waiting for the browser.
    """
    cookie = session_cookie(make_user("ans@example.org"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url()}
    log = tmp_path / "granian.log"
    command = [sys.executable, "-m", "granian", "--interface", "asgi", "plein.live.asgi:application"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, "--port", str(port)], cwd=settings.BASE_DIR, env=env, stdout=output, stderr=output
        )
    try:
        with connect(port, server) as sock:
            sock.sendall(
                f"GET /live/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n\r\n".encode()
            )
            received = read_until(sock, b"event: unread")
            server.terminate()
            stopped_at = time.monotonic()
            rest = read_until(sock, None)
        server.wait(10)
        assert time.monotonic() - stopped_at < 5, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    head, _, stream = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), log.read_text()
    assert b"content-type: text/event-stream" in head.lower()
    assert b"retry: 5000" in stream
    assert b'event: unread\ndata: {"count": 0}' in stream
    assert rest.endswith(b"0\r\n\r\n"), "the server ends the chunked stream properly"


def database_url() -> str:
    """The test database as a DATABASE_URL, for the server process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def connect(port: int, server: subprocess.Popen[bytes]) -> socket.socket:
    deadline = time.monotonic() + 20
    while True:
        assert server.poll() is None, "the live server exited"
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            assert time.monotonic() < deadline, "the live server did not start"
            time.sleep(0.1)


def read_until(sock: socket.socket, marker: bytes | None) -> bytes:
    """Read until ``marker`` arrives, or with None until the server closes the stream."""
    received = b""
    while marker is None or marker not in received:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return received
