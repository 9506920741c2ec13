"""Site-wide behaviour of every page: error pages, security headers, strict CSP."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/nieuws/", "/ruimtes/", "/mensen/", "/zoeken/?q=de", "/meldingen/", "/instellingen/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_strict_csp_and_no_inline_code(employee_client, path):
    response = employee_client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    html = response.content.decode()
    assert not re.search(r"\sstyle=", html), "style attributes are blocked by the CSP"
    assert not re.search(r"\son(click|load|submit|change)=", html), "inline handlers are blocked by the CSP"
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
    assert html.count("<h1") == 1, "one h1 per page"


def test_security_headers(employee_client):
    response = employee_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_carry_a_csrf_token(employee_client):
    html = employee_client.get("/instellingen/").content.decode()
    assert html.count("<form") <= html.count("csrfmiddlewaretoken") + html.count('method="get"')


@pytest.mark.parametrize(("language", "text"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")])
def test_friendly_404_in_both_languages(client, language, text):
    client.cookies["plein_language"] = language
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_guest_gets_friendly_404_for_employee_pages(client):
    """A guest guessing the address of an employee page learns nothing, not even that it exists."""
    from tests.factories import GuestFactory

    client.force_login(GuestFactory())
    response = client.get(reverse("people:directory"))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    client.logout()
    response = client.get(reverse("people:directory"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_500_page(client):
    from plein.core.views import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_503_when_database_is_down(client, monkeypatch):
    from plein.core import views

    # The outside failure (a database that does not answer) is simulated at the boundary.
    monkeypatch.setattr(views, "database_down", lambda: True)
    response = views.server_error(client.get("/").wsgi_request)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    connection.close()


@override_settings(PLEIN_MAINTENANCE=True)
def test_maintenance_mode_answers_503(client):
    response = client.get("/")
    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.content.decode()


def test_health(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
