"""The live-update endpoint: a small ASGI 3 app, served on its own by ``plein live``.

Pages are served over WSGI; only this process holds long-lived connections.
``GET /live/events`` opens a server-sent event stream for the logged-in user:

* ``event: unread`` with ``{"count": N}`` on connect and whenever one of the
  user's notifications is created or read;
* ``event: event`` with ``{"id": ..., "kind": ...}`` for every outbox event
  whose audience includes the user (never the payload: it may hold more than
  the audience token covers);
* a ``: ping`` comment every 20 seconds, so proxies keep the connection open.

Events come from :mod:`plein.live.hub`, which tails the outbox table.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
django.setup(set_prefix=False)

# Models can only be imported once the app registry is ready.
from django.conf import settings  # noqa: E402

from plein.live.auth import session_key_from_headers, tokens_for, user_for_session  # noqa: E402
from plein.live.hub import Hub, LiveEvent, Subscriber, TooManyConnections, run_orm  # noqa: E402
from plein.notifications.selectors import unread_count  # noqa: E402

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PATHS = ("/live/events", "/live/events/")
UNREAD_KINDS = frozenset({"notification.created", "notification.read"})
RETRY_MS = 5000
EXIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


class LiveApp:
    """The ASGI application. One :class:`Hub` per event loop, started by lifespan (or the first request)."""

    def __init__(
        self, *, heartbeat_seconds: float = 20.0, recheck_seconds: float = 60.0, max_per_user: int = 10
    ) -> None:
        self.heartbeat_seconds = heartbeat_seconds
        # How often an open stream checks that its session is still valid.
        self.recheck_seconds = recheck_seconds
        self.max_per_user = max_per_user
        self.hub: Hub | None = None
        self.stopping = False  # the server was told to stop: open no new streams
        self._replaced_handlers: dict[int, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})

    async def running_hub(self) -> Hub:
        loop = asyncio.get_running_loop()
        if self.hub is None or self.hub.loop not in (None, loop):
            self.hub = Hub(max_per_user=self.max_per_user)
        await self.hub.start()
        return self.hub

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.stopping = False
                try:
                    self._close_streams_on_exit_signal(await self.running_hub())
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self._restore_signal_handlers()
                if self.hub is not None:
                    await self.hub.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _close_streams_on_exit_signal(self, hub: Hub) -> None:
        """End open streams as soon as the server is told to stop.

        Granian (like uvicorn) lets open responses finish before it sends
        ``lifespan.shutdown``, and an event stream never finishes by itself,
        so a stop would hang until the client or a kill timeout gave up. The
        server's own handler keeps working: it is called from ours, and an
        asyncio handler is dispatched through the loop's wakeup fd anyway.
        Only a handler the server installed in Python is wrapped; where the
        default action applies the process ends without waiting.
        """
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            previous = signal.getsignal(signum)
            if not callable(previous) or signum in self._replaced_handlers:
                continue

            def handler(number: int, frame: FrameType | None, previous: Callable[..., Any] = previous) -> None:
                self.stopping = True
                loop.call_soon_threadsafe(hub.close_all)
                previous(number, frame)

            signal.signal(signum, handler)
            self._replaced_handlers[signum] = previous

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum, previous in self._replaced_handlers.items():
                signal.signal(signum, previous)
            self._replaced_handlers.clear()

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        cors = cors_headers(scope)
        if scope["path"] not in PATHS:
            await plain(send, 404, "Not found.", cors)
            return
        if scope["method"] != "GET":
            await plain(send, 405, "Method not allowed.", [*cors, (b"allow", b"GET")])
            return
        if self.stopping:
            await plain(send, 503, "Shutting down.", cors)
            return
        session_key = session_key_from_headers(scope["headers"])
        user = await run_orm(user_for_session, session_key)
        if user is None:
            await plain(send, 401, "Log in to receive live updates.", cors)
            return
        hub = await self.running_hub()
        try:
            # tokens_for reads the user's space memberships: an ORM query, so in a worker thread.
            subscriber = await hub.subscribe(user_id=user.pk, tokens=await run_orm(tokens_for, user))
        except TooManyConnections:
            await plain(send, 429, "Too many live connections.", cors)
            return
        try:
            await self._stream(user, session_key, subscriber, receive, send, cors)
        finally:
            hub.unsubscribe(subscriber)

    async def _stream(
        self,
        user: Any,
        session_key: str | None,
        subscriber: Subscriber,
        receive: Receive,
        send: Send,
        cors: list[tuple[bytes, bytes]],
    ) -> None:
        async def close_on_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            subscriber.close()

        watcher = asyncio.create_task(close_on_disconnect())
        try:
            count = await run_orm(unread_count, user)
            headers = [
                (b"content-type", b"text/event-stream"),
                (b"cache-control", b"no-cache"),
                (b"x-accel-buffering", b"no"),
                *cors,
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await body(send, f"retry: {RETRY_MS}\n\n".encode() + sse("unread", {"count": count}))
            recheck_at = time.monotonic() + self.recheck_seconds
            while not subscriber.closed:
                chunk = await self._next_chunk(user, subscriber)
                if chunk is None:
                    break
                if time.monotonic() >= recheck_at:
                    # A password change, "log out elsewhere" or a changed role ends the stream too.
                    current = await run_orm(user_for_session, session_key)
                    if (
                        current is None
                        or current.pk != user.pk
                        or await run_orm(tokens_for, current) != subscriber.tokens
                    ):
                        break
                    recheck_at = time.monotonic() + self.recheck_seconds
                await body(send, chunk)
            if not watcher.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            watcher.cancel()

    async def _next_chunk(self, user: Any, subscriber: Subscriber) -> bytes | None:
        """What to send next: waiting events (with one fresh unread count), a ping, or None once closed."""
        try:
            first = await asyncio.wait_for(subscriber.queue.get(), timeout=self.heartbeat_seconds)
        except TimeoutError:
            return b": ping\n\n"
        batch: list[LiveEvent | None] = [first]
        while not subscriber.queue.empty():
            batch.append(subscriber.queue.get_nowait())
        events = [item for item in batch if item is not None]
        if len(events) < len(batch):
            return None
        chunk = b"".join(sse("event", {"id": event.id, "kind": event.kind}) for event in events)
        if any(event.kind in UNREAD_KINDS for event in events):
            chunk += sse("unread", {"count": await run_orm(unread_count, user)})
        return chunk


def cors_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """CORS headers when the page origin (PLEIN_BASE_URL) differs from the live one, as in development."""
    base = urlsplit(settings.PLEIN_BASE_URL)
    allowed = f"{base.scheme}://{base.netloc}".lower().encode("latin-1")
    for name, value in scope["headers"]:
        if name.lower() == b"origin" and value.lower() == allowed:
            return [
                (b"access-control-allow-origin", value),
                (b"access-control-allow-credentials", b"true"),
                (b"vary", b"Origin"),
            ]
    return []


async def body(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


async def plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    start_headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"), *headers]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": text.encode()})


application = LiveApp()
