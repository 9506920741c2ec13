"""External guests: no directory or news in the navigation, and a friendly 404 where they may not go.

A guest who guesses the address of an employee page (the directory, a profile outside their spaces,
the org chart, news) gets "page not found", never "no access": nothing tells them the page exists.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import GuestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_sees_only_what_guests_may_see(auditor: Any, organisation: Any) -> None:
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    audit = auditor(guest)

    page = audit.visit("/", "guest-home")
    nav = page.locator("nav.plein-nav")
    hrefs = [a.get_attribute("href") for a in nav.locator("a").all()]
    assert hrefs == ["/", "/ruimtes/"], f"a guest's navigation should hold Home and Spaces only, got {hrefs}"
    nav_text = nav.inner_text()
    for word in ("Mensen", "People", "Nieuws", "News"):
        assert word not in nav_text, f"a guest's navigation shows {word!r}"
    # No "My profile" in the menu either (guests have no directory profile).
    expect(page.locator("details.plein-menu a[href^='/mensen/']")).to_have_count(0)

    page = audit.visit("/mensen/", "guest-not-found", status=404)
    expect(page.locator(".plein-error__code")).to_have_text("404")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main a[href='/']")).to_be_visible()

    # The other employee-only pages are not there either, and search finds no employees.
    for path in (
        "/werkprocessen/",
        f"/mensen/{organisation.colleague.pk}/",
        "/organisatie/",
        f"/organisatie/{organisation.team.pk}/",
    ):
        status = page.request.get(path, max_redirects=0).status
        assert status == 404, f"a guest got {status} for {path}"
    page = audit.visit("/zoeken/?q=bakk", "guest-search")
    expect(page.locator("main")).not_to_contain_text("Pieter Bakker")
    audit.assert_no_problems()
