"""The Server-Timing header: how long the server took for a page and how much of it was the database.

Switched on with ``PLEIN_SERVER_TIMING`` (the benchmark does; off by default,
since timings tell visitors a little about the server). When on, every response
carries::

    Server-Timing: app;dur=12.41, db;dur=3.02;desc="7 queries"

``app`` is the time from this middleware (first in the list) to the response,
so it covers the other middleware, the view and the template; ``db`` is the time
spent in queries on the default database and their number. Browsers show the
header in their developer tools. When off, Django drops the middleware at
start-up, so it costs nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]


class _QueryClock:
    """A database execute wrapper that counts queries and adds up their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response: Handler) -> None:
        if not settings.PLEIN_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        clock = _QueryClock()
        started = time.perf_counter()
        with connection.execute_wrapper(clock):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={elapsed:.2f}, db;dur={clock.seconds * 1000:.2f};desc="{clock.count} queries"'
        )
        return response
