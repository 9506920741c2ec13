from __future__ import annotations

import pytest
from django.urls import reverse

from plein.core.models import Event

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_whatever_the_browser_says(employee_client):
    response = employee_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()


def test_switching_language_is_remembered_on_the_account(employee_client, employee):
    response = employee_client.post(reverse("change_language"), {"language": "en", "next": "/mensen/"})
    assert response.status_code == 302
    assert response["Location"] == "/mensen/"
    employee.refresh_from_db()
    assert employee.language == "en"
    assert Event.objects.filter(kind="user.language_changed", actor=employee).exists()
    employee_client.cookies.clear()
    employee_client.force_login(employee)
    assert '<html lang="en">' in employee_client.get(reverse("home")).content.decode()


def test_anonymous_choice_is_kept_in_a_cookie(client):
    client.post(reverse("change_language"), {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_unknown_language_is_ignored(employee_client, employee):
    employee_client.post(reverse("change_language"), {"language": "xx"})
    employee.refresh_from_db()
    assert employee.language == ""


def test_next_cannot_point_to_another_site(employee_client):
    response = employee_client.post(reverse("change_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
