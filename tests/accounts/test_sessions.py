from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sessions_are_listed_and_others_can_be_logged_out():
    user = UserFactory()
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    page = laptop.get("/accounts/sessions/")
    assert page.status_code == 200
    assert page.content.decode().count("<tr") >= 3  # header + two sessions
    laptop.post("/accounts/sessions/", {})
    assert phone.get(reverse("home")).status_code == 302, "the other device is logged out"
    assert laptop.get(reverse("home")).status_code == 200, "this device stays logged in"
