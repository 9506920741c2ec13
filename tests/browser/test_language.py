"""Dutch by default; English chosen in the footer follows the person to a fresh browser."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav_texts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("nav.plein-nav a").all_inner_texts()]


def test_switch_to_english_and_keep_it_on_the_account(new_page: Any, auditor: Any, organisation: Any) -> None:
    employee = organisation.employee
    page = new_page()
    login(page, employee.email, PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    dutch_nav = nav_texts(page)  # asserted at the end: needs the compiled Dutch translations

    # The footer offers English, labelled in English.
    english = page.locator("footer form.plein-language button[name=language][value=en]")
    expect(english).to_have_attribute("lang", "en")
    expect(english).to_have_text("English")
    with page.expect_navigation():
        english.click()
    assert urlparse(page.url).path == "/", "the language switch should return to the page it was used on"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "People" in nav_texts(page)
    expect(page.locator("footer [aria-current=true]")).to_have_attribute("lang", "en")
    employee.refresh_from_db()
    assert employee.language == "en", "the choice must be stored on the account, not only in a cookie"

    # Log out through the profile menu.
    page.locator("details.plein-menu summary").click()
    with page.expect_navigation():
        page.locator("details.plein-menu form[action='/accounts/logout/'] button").click()
    assert urlparse(page.url).path in ("/accounts/login/", "/"), page.url
    page.goto("/")
    assert urlparse(page.url).path == "/accounts/login/", "still logged in after logging out"

    # A fresh browser knows nothing: Dutch until the person logs in, then English again.
    fresh = new_page()
    fresh.goto("/accounts/login/")
    expect(fresh.locator("html")).to_have_attribute("lang", "nl")
    assert all(cookie["name"] != "plein_language" for cookie in fresh.context.cookies())
    login(fresh, employee.email, PASSWORD)
    assert urlparse(fresh.url).path == "/"
    expect(fresh.locator("html")).to_have_attribute("lang", "en")
    assert nav_texts(fresh) == ["Home", "News", "Work processes", "Spaces", "People"]

    # The English home passes the same checks as the Dutch walk.
    audit = auditor(employee)
    audit.visit("/", "home-en")
    audit.assert_no_problems()

    # Last, the words that depend on the compiled Dutch translations.
    assert dutch_nav == ["Home", "Nieuws", "Werkprocessen", "Ruimtes", "Mensen"], (
        f"Dutch navigation expected, got {dutch_nav}"
    )
