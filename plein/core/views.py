"""Friendly error pages. They render without touching the database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static

from plein.core.middleware import database_down, service_unavailable


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(template, {"request_path": request.path}), status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    if database_down():
        return service_unavailable(request)
    return _error_page(request, "500.html", 500)


def health(request: HttpRequest) -> HttpResponse:
    """Readiness probe for load balancers: 200 when the database answers."""
    if database_down():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and the admin ask for /favicon.ico; the icon is an SVG among the static files."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
