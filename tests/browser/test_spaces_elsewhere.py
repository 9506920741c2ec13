"""Spaces on the home page, the profile and in search, for an employee and a guest: axe, layout, CSP."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import GuestFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_profile_and_search_with_spaces(auditor: Any, organisation: Any) -> None:
    employee, colleague = organisation.employee, organisation.colleague
    long_name = "Nieuwe werkplekken Stadskantoor en de verhuizing van alle afdelingen"
    for name in ("Omgevingswet invoering", long_name, "Duurzaamheid"):
        space = SpaceFactory(name=name, description="Samen aan de slag: planning, vragen en besluiten.")
        add_member(space, employee, role="owner")
        add_member(space, colleague)
    SpaceFactory(name="Jong Zuiderveld", description="Het netwerk voor jonge collega's.")  # a suggestion
    audit = auditor(employee)

    page = audit.visit("/", "home-with-spaces")
    expect(page.locator("#my-spaces-heading")).to_be_visible()
    expect(page.locator(".plein-space-list a", has_text="Omgevingswet invoering")).to_be_visible()
    expect(page.locator("#suggested-spaces-heading")).to_be_visible()

    page = audit.visit(f"/mensen/{colleague.pk}/", "profile-with-spaces")
    expect(page.locator("#spaces-heading")).to_be_visible()

    page = audit.visit("/zoeken/?q=omgevingswet", "search-spaces")
    expect(page.locator("#space-results")).to_be_visible()
    expect(page.locator(".plein-space-list a", has_text="Omgevingswet invoering")).to_be_visible()
    audit.assert_no_problems()


def test_guest_home_and_search(auditor: Any, organisation: Any) -> None:
    guest = GuestFactory(first_name="Joost", last_name="Hendriks")
    project = SpaceFactory(name="Omgevingswet invoering", visibility="closed")
    add_member(project, organisation.employee, role="owner")
    add_member(project, guest, role="guest")
    SpaceFactory(name="Omgevingswet kennisnetwerk")  # open, but not the guest's
    audit = auditor(guest)

    page = audit.visit("/", "guest-home-with-space")
    expect(page.locator("main")).to_contain_text("Omgevingswet invoering")
    expect(page.locator("#new-colleagues-heading")).to_have_count(0)
    expect(page.locator("#suggested-spaces-heading")).to_have_count(0)

    page = audit.visit("/zoeken/?q=omgevingswet", "guest-search-spaces")
    expect(page.locator("main")).to_contain_text("Omgevingswet invoering")
    expect(page.locator("main")).not_to_contain_text("kennisnetwerk")
    audit.assert_no_problems()
