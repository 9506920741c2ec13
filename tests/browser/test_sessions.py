"""Logging out elsewhere with allauth's session list."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_out_other_sessions(new_page: Any, organisation: Any) -> None:
    email = organisation.employee.email
    first, second = new_page(), new_page()
    login(first, email, PASSWORD)
    login(second, email, PASSWORD)
    assert urlparse(second.url).path == "/"

    first.goto("/accounts/sessions/")
    expect(first.locator("main table tbody tr")).to_have_count(2)
    sign_out_others = first.locator("main form[action='/accounts/sessions/'] button[type=submit]")
    with first.expect_navigation():
        sign_out_others.click()
    expect(first.locator("main table tbody tr")).to_have_count(1)

    # The first browser is still logged in; the second is sent to the log-in form on its next step.
    first.goto("/")
    assert urlparse(first.url).path == "/"
    second.goto("/mensen/")
    url = urlparse(second.url)
    assert url.path == "/accounts/login/", f"the other session still works: ended at {second.url}"
    assert parse_qs(url.query).get("next") == ["/mensen/"]
