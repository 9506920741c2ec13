"""Site search in a real browser: quick results in the header box with the keyboard, and the results page.

The box is a combobox: typing fetches options (htmx), the arrow keys move the active option
(aria-activedescendant on the box, aria-selected on the option), Enter opens it, Escape closes the
list, and Enter with no option chosen opens the full results page. Checked at 1280 and 375 px, with
axe-core on the open list and on the results page. Elements are found by id, role and content
written here, not by interface text.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from plein.people.search import refresh_search_text
from plein.search.indexing import rebuild
from tests.browser.conftest import DESKTOP, format_violations, run_axe, screenshot
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = {"width": 375, "height": 740}


def make_content(organisation: Any) -> dict[str, Any]:
    cyclist = UserFactory(first_name="Bram", last_name="Fietsema", with_profile__function="Verkeerskundige")
    refresh_search_text([cyclist.pk, organisation.employee.pk, organisation.colleague.pk])
    club = SpaceFactory(name="Fietsclub Zuiderveld", description="Samen fietsen in de lunchpauze.")
    add_member(club, organisation.employee)
    post = PostFactory(
        author=organisation.colleague,
        space=club,
        body="Fietsroutes naar het stadhuis\nDe nieuwe fietsroutes zijn klaar. Wie rijdt er mee op vrijdag?",
    )
    CommentFactory(post=post, author=organisation.employee, body="Ik fiets mee, mooi initiatief!")
    PostFactory(author=organisation.manager, body="Vergaderingen van het managementteam\nDe agenda voor mei.")
    rebuild()
    return {"cyclist": cyclist, "club": club, "post": post}


def open_quick_results(page: Any, text: str) -> Any:
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially(text, delay=30)
    listbox = page.locator("#site-search-listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return box


def test_quick_results_with_the_keyboard(new_page: Any, organisation: Any) -> None:
    made = make_content(organisation)
    for viewport, width in ((DESKTOP, 1280), (MOBILE, 375)):
        page = new_page(viewport=viewport, user=organisation.employee)
        page.goto("/")
        box = open_quick_results(page, "fiets")
        options = page.locator("#site-search-listbox [role=option]")
        # People first, then spaces, then content, then "all results".
        texts = options.all_inner_texts()
        assert "Bram Fietsema" in texts[0]
        assert any("Fietsclub Zuiderveld" in t for t in texts[1:3])
        assert any("Fietsroutes" in t for t in texts)
        status = page.locator("[data-quick-status]")
        expect(status).not_to_be_empty()

        box.press("ArrowDown")
        first_id = options.nth(0).get_attribute("id")
        expect(box).to_have_attribute("aria-activedescendant", first_id)
        expect(options.nth(0)).to_have_attribute("aria-selected", "true")
        box.press("ArrowDown")
        expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
        box.press("ArrowUp")
        expect(box).to_have_attribute("aria-activedescendant", first_id)
        screenshot(page, "search-quick-results", width)

        box.press("Escape")
        expect(page.locator("#site-search-listbox")).to_be_hidden()
        expect(box).to_have_attribute("aria-expanded", "false")

        box.press("ArrowDown")  # opens the list again on the first option
        expect(box).to_have_attribute("aria-activedescendant", first_id)
        with page.expect_navigation():
            box.press("Enter")
        assert page.url.endswith(f"/mensen/{made['cyclist'].pk}/")

        # Enter without choosing an option opens the full results page.
        page.goto("/")
        box = open_quick_results(page, "fietsroutes")
        with page.expect_navigation():
            box.press("Enter")
        assert "/zoeken/?q=fietsroutes" in page.url
        expect(
            page.locator(f"section[aria-labelledby=content-results] a[href='{made['post'].get_absolute_url()}']")
        ).to_be_visible()
        expect(page.locator("section[aria-labelledby=content-results] mark").first).to_be_visible()


def test_quick_results_pass_axe(new_page: Any, organisation: Any) -> None:
    make_content(organisation)
    page = new_page(bypass_csp=True, user=organisation.employee)
    page.goto("/")
    box = open_quick_results(page, "fiets")
    box.press("ArrowDown")
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        violations = run_axe(page)
        assert not violations, format_violations(f"quick results at {viewport['width']}px", violations)


def test_results_page_is_accessible_and_filters(auditor: Any, organisation: Any) -> None:
    made = make_content(organisation)
    audit = auditor(organisation.employee)
    page = audit.visit("/zoeken/?q=fiets", "search-results")
    expect(page.locator("section[aria-labelledby=people-results]")).to_contain_text("Bram Fietsema")
    expect(page.locator("section[aria-labelledby=space-results]")).to_contain_text("Fietsclub Zuiderveld")
    expect(
        page.locator(f"section[aria-labelledby=content-results] a[href='{made['post'].get_absolute_url()}']")
    ).to_be_visible()
    page.set_viewport_size(MOBILE)
    screenshot(page, "search-results", 375)
    page.set_viewport_size(DESKTOP)

    page = audit.visit(f"/zoeken/?q=fiets&soort=berichten&ruimte={made['club'].pk}", "search-results-filtered")
    expect(page.locator(".plein-search-filters")).to_have_attribute("open", "")
    expect(page.locator("#search-space")).to_have_value(str(made["club"].pk))
    page.set_viewport_size(MOBILE)
    screenshot(page, "search-results-filtered", 375)
    page.set_viewport_size(DESKTOP)

    page = audit.visit("/zoeken/?q=fietsrouts+zzz", "search-empty")
    expect(page.locator(".plein-search-empty")).to_be_visible()
    page.set_viewport_size(MOBILE)
    screenshot(page, "search-empty", 375)
    page.set_viewport_size(DESKTOP)
    # The "did you find it" question answers in place.
    page.locator(".plein-found button[value=ja]").click()
    expect(page.locator(".plein-found--thanks")).to_be_visible()
    audit.assert_no_problems()
