from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if not translation.get_language():
        translation.activate(settings.LANGUAGE_CODE)
    html = render_to_string("503.html", {"request_path": request.path})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    return response


class ServiceUnavailableMiddleware:
    """Maintenance mode, and a clear 503 page when the database cannot be reached."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PLEIN_MAINTENANCE and not request.path.startswith("/static/"):
            return service_unavailable(request)
        return self.get_response(request)


def database_down() -> bool:
    """Whether the database is unreachable right now (used by the error pages).

    A separate, short-lived connection is used so an aborted transaction on
    the request's own connection is not mistaken for an outage.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return True
    finally:
        probe.close()
    return False
