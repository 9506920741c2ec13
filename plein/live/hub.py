"""Tail the outbox and fan events out to the live connections of this process.

There is no channel layer: each live process polls ``core.Event`` for rows
past its cursor and hands each one to the connected subscribers whose tokens
intersect the event's audience. Every process serves only its own
connections, so running several never duplicates a message, and SQLite and
PostgreSQL behave the same. The database is only asked while someone is
connected; after an idle spell the cursor jumps to the newest event instead of
replaying what nobody was there to see.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q

from plein.core.models import Event

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A subscriber that falls this far behind is dropped; its browser reconnects
# and starts again from a fresh unread count.
MAX_BACKLOG = 200
# PostgreSQL hands out ids when rows are inserted, not when they commit, so a
# row with a lower id can become visible after a higher one. Missing ids are
# looked for again for this long; a rolled-back insert leaves a hole for good.
GAP_SECONDS = 60.0
MAX_GAPS = 1000


@dataclass(frozen=True)
class LiveEvent:
    """The part of an outbox event a live connection may see: never the payload."""

    id: int
    kind: str


@dataclass(eq=False)
class Subscriber:
    """One open stream. ``queue`` yields :class:`LiveEvent` items, then ``None`` once closed."""

    user_id: int
    tokens: frozenset[str]
    queue: asyncio.Queue[LiveEvent | None] = field(default_factory=asyncio.Queue)
    closed: bool = False

    def deliver(self, event: LiveEvent) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= MAX_BACKLOG:
            logger.warning("Live subscriber of user %s fell behind; closing its stream.", self.user_id)
            self.close()
        else:
            self.queue.put_nowait(event)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(None)


class TooManyConnections(Exception):
    pass


async def run_orm[T](fn: Callable[..., T], *args: Any) -> T:
    """Run ORM work in a worker thread, with connections handled as around a request.

    Not ``thread_sensitive``: nothing here shares a transaction or other
    thread-bound state with other sync code, and funnelling every connection's
    queries through one thread would make them queue behind each other.
    """

    def unit_of_work() -> T:
        close_old_connections()
        try:
            return fn(*args)
        finally:
            close_old_connections()

    return await sync_to_async(unit_of_work, thread_sensitive=False)()


def _latest() -> tuple[int, set[int]]:
    """The newest event id and the holes just below it (ids possibly still being committed)."""
    ids = list(Event.objects.order_by("-id").values_list("id", flat=True)[:100])
    if not ids:
        return 0, set()
    return ids[0], set(range(ids[-1], ids[0])) - set(ids)


def _fetch(cursor: int, gaps: Iterable[int]) -> list[tuple[int, str, list[str]]]:
    rows = Event.objects.filter(Q(id__gt=cursor) | Q(id__in=list(gaps))).order_by("id")
    return list(rows.values_list("id", "kind", "audience")[:BATCH_SIZE])


class Hub:
    """Subscriber registry plus the one tailer task of this process and event loop."""

    def __init__(self, *, max_per_user: int = 10) -> None:
        self.max_per_user = max_per_user
        self.subscribers: set[Subscriber] = set()
        self._by_token: defaultdict[str, set[Subscriber]] = defaultdict(set)
        self._per_user: defaultdict[int, int] = defaultdict(int)
        self._cursor = 0
        self._gaps: dict[int, float] = {}  # missing id -> monotonic deadline
        self._idle = True  # the cursor must be refreshed before it is used again
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # --- lifecycle -----------------------------------------------------------
    async def start(self) -> None:
        if self._task is None:
            self.loop = asyncio.get_running_loop()
            self._task = asyncio.create_task(self._run(), name="plein-live-tailer")

    def close_all(self) -> None:
        """End every open stream; browsers reconnect after the ``retry`` delay."""
        for subscriber in list(self.subscribers):
            subscriber.close()

    async def stop(self, *, grace_seconds: float = 5.0) -> None:
        """End every open stream, give the streams a moment to finish, and stop tailing."""
        self.close_all()
        deadline = time.monotonic() + grace_seconds
        while self.subscribers and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    # --- registry ------------------------------------------------------------
    async def subscribe(self, *, user_id: int, tokens: Iterable[str]) -> Subscriber:
        """Register a stream; raises :class:`TooManyConnections` past the per-user cap.

        Returns once the cursor is current, so anything the caller reads from
        the database afterwards is either in that read or delivered later.
        """
        if self._per_user[user_id] >= self.max_per_user:
            raise TooManyConnections
        subscriber = Subscriber(user_id=user_id, tokens=frozenset(tokens))
        self.subscribers.add(subscriber)
        self._per_user[user_id] += 1
        for token in subscriber.tokens:
            self._by_token[token].add(subscriber)
        try:
            async with self._lock:
                if self._idle:
                    self._cursor, gaps = await run_orm(_latest)
                    deadline = time.monotonic() + GAP_SECONDS
                    self._gaps = dict.fromkeys(gaps, deadline)
                    self._idle = False
        except BaseException:
            self.unsubscribe(subscriber)
            raise
        self._wake.set()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        if subscriber not in self.subscribers:
            return
        subscriber.close()
        self.subscribers.discard(subscriber)
        self._per_user[subscriber.user_id] -= 1
        if not self._per_user[subscriber.user_id]:
            del self._per_user[subscriber.user_id]
        for token in subscriber.tokens:
            self._by_token[token].discard(subscriber)
            if not self._by_token[token]:
                del self._by_token[token]

    def publish(self, event_id: int, kind: str, audience: Iterable[str]) -> None:
        """Hand one event to every subscriber holding one of its audience tokens."""
        receivers: set[Subscriber] = set()
        for token in audience:
            receivers |= self._by_token.get(token, set())
        event = LiveEvent(id=event_id, kind=kind)
        for subscriber in receivers:
            subscriber.deliver(event)

    # --- tailer --------------------------------------------------------------
    async def _run(self) -> None:
        while True:
            if not self.subscribers:
                self._idle = True
                self._wake.clear()
                await self._wake.wait()
                continue
            full = False
            try:
                async with self._lock:
                    if not self._idle:
                        full = await self._poll()
            except Exception:
                logger.exception("Reading the outbox for live updates failed; trying again.")
            if not full:  # a full batch means more is waiting: read on at once
                await asyncio.sleep(settings.PLEIN_LIVE_POLL_SECONDS)

    async def _poll(self) -> bool:
        rows = await run_orm(_fetch, self._cursor, self._gaps.keys())
        now = time.monotonic()
        for event_id, kind, audience in rows:
            if event_id > self._cursor:
                if len(self._gaps) + event_id - self._cursor - 1 <= MAX_GAPS:
                    self._gaps.update(dict.fromkeys(range(self._cursor + 1, event_id), now + GAP_SECONDS))
                self._cursor = event_id
            self._gaps.pop(event_id, None)
            self.publish(event_id, kind, audience or ())
        self._gaps = {gap: deadline for gap, deadline in self._gaps.items() if deadline > now}
        return len(rows) == BATCH_SIZE
