"""The Server-Timing header the benchmark reads: server time, database time and the query count."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'^app;dur=(?P<app>[\d.]+), db;dur=(?P<db>[\d.]+);desc="(?P<queries>\d+) queries"$')


def test_each_response_says_how_long_it_took_and_how_many_queries_it_ran(settings, employee):
    settings.PLEIN_SERVER_TIMING = True
    client = Client()
    client.force_login(employee)

    page = client.get("/meldingen/teller/")
    static = client.get("/favicon.ico")

    match = HEADER.match(page.headers["Server-Timing"])
    assert match is not None, page.headers["Server-Timing"]
    assert int(match["queries"]) >= 2  # at least the session and the user
    assert float(match["app"]) >= float(match["db"]) > 0
    assert HEADER.match(static.headers["Server-Timing"]) is not None


def test_off_by_default(employee):
    client = Client()
    client.force_login(employee)

    assert "Server-Timing" not in client.get("/meldingen/teller/").headers
