"""The directory in a real browser: instant search with htmx, facets, experts, new colleagues, org chart.

Search as you type is checked at desktop and phone width: the results and the live status change
without a page load, the address bar keeps a shareable URL, and a ticked facet narrows the list.
Every page is also audited (axe, CSP, layout, screenshots at 1280 and 360 px). Elements are found by
id, address and people's names, not by interface text, so the test does not depend on the language.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from plein.org.models import DepartmentKind
from plein.people.models import Endorsement, Skill
from plein.people.search import refresh_search_text
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

# Turkish dotless i, written as an escape so it is not mistaken for an "i".
YILMAZ = "Y\u0131lmaz"
AYSE_YILMAZ = f"Ay\u015fe {YILMAZ}"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_people(organisation: Any) -> dict[str, Any]:
    team = DepartmentFactory(name="Team Omgevingsvisie", kind=DepartmentKind.TEAM, parent=organisation.directorate)
    yard = LocationFactory(name="Gemeentewerf")
    planning = Skill.objects.create(name="Ruimtelijke ordening", normalized="ruimtelijke ordening")
    jan = UserFactory(first_name="Jan", last_name="de Vries", with_profile__function="Planoloog")
    ayse = UserFactory(first_name="Ayşe", last_name=YILMAZ, with_profile__function="Planoloog")
    for person in (jan, ayse):
        person.profile.department = team
        person.profile.location = yard
        person.profile.save(update_fields=["department", "location"])
        person.profile.skills.add(planning)
    ayse.profile.location = organisation.employee.profile.location
    ayse.profile.save(update_fields=["location"])
    Endorsement.objects.create(endorser=organisation.employee, person=jan, skill=planning)
    everyone = [organisation.employee, organisation.colleague, organisation.manager, jan, ayse]
    refresh_search_text([person.pk for person in everyone])
    return {"team": team, "yard": yard, "jan": jan, "ayse": ayse}


def result_names(page: Any) -> Any:
    return page.locator("#people-results .plein-person__name")


def test_directory_search_as_you_type_with_facets(auditor: Any, organisation: Any) -> None:
    extra = add_people(organisation)
    audit = auditor(organisation.employee)
    page = audit.page

    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        page.goto("/mensen/")
        page.evaluate("() => { window.stillTheSamePage = true }")
        search = page.locator("#people-q")

        # Typing narrows the list without loading a page; the status says how many were found.
        search.press_sequentially("jan de vr", delay=40)
        expect(result_names(page)).to_have_text(["Jan de Vries"])
        expect(page.locator("#people-status")).to_have_text(re.compile(r"^\s*1\D"))
        expect(page).to_have_url(re.compile(r"/mensen/\?q=jan(\+|%20)de(\+|%20)vr$"))

        # Accents do not matter: "yilmaz" finds Y\u0131lmaz (with a dotless i).
        search.fill("yilmaz")
        expect(result_names(page)).to_have_text([AYSE_YILMAZ])

        # A skill word finds both planners; ticking a location facet keeps one.
        search.fill("ruimtelijke")
        expect(result_names(page)).to_have_text(["Jan de Vries", AYSE_YILMAZ])
        facet = page.locator(f"#facet-locatie-{extra['yard'].pk}")
        if viewport is PHONE:
            facet.scroll_into_view_if_needed()
        facet.check()
        expect(result_names(page)).to_have_text(["Jan de Vries"])
        expect(page).to_have_url(re.compile(rf"q=ruimtelijke&locatie={extra['yard'].pk}"))
        # Focus stays on the checkbox that was ticked (htmx keeps focus on an element with the same id).
        expect(page.locator(f"#facet-locatie-{extra['yard'].pk}")).to_be_focused()
        expect(page.locator(f"#facet-locatie-{extra['yard'].pk}")).to_be_checked()

        # Typing keeps the ticked facet (it belongs to the search form).
        search.fill("jan")
        expect(result_names(page)).to_have_text(["Jan de Vries"])
        expect(page).to_have_url(re.compile(rf"q=jan&locatie={extra['yard'].pk}"))

        assert page.evaluate("() => window.stillTheSamePage === true"), "the search reloaded the page"

        # The URL is shareable: opening it fresh gives the same results without JavaScript's help.
        page.goto(page.url)
        expect(result_names(page)).to_have_text(["Jan de Vries"])
        expect(page.locator(f"#facet-locatie-{extra['yard'].pk}")).to_be_checked()
        # Last: a full-page screenshot leaves style="" on elements, which htmx's settling would then copy.
        screenshot(page, f"people-directory-filtered-{name}", viewport["width"])

    for path, name in (
        ("/mensen/", "people-directory"),
        ("/mensen/?q=planoloog", "people-directory-search"),
        ("/mensen/?q=qqqzzz", "people-directory-empty"),
        ("/mensen/experts/?onderwerp=ruimtelijke", "people-experts"),
        ("/mensen/experts/", "people-experts-start"),
        ("/mensen/nieuw/", "people-new-colleagues"),
        ("/organisatie/", "org-overview"),
        (f"/organisatie/{organisation.directorate.pk}/", "org-directorate"),
    ):
        audit.visit(path, name)
    audit.assert_no_problems()


def test_directory_works_without_javascript(new_page: Any, organisation: Any) -> None:
    extra = add_people(organisation)
    from tests.browser.conftest import login
    from tests.factories import PASSWORD

    page = new_page(viewport=PHONE)
    page.context.route(re.compile(r".*\.js$"), lambda route: route.abort())
    login(page, organisation.employee.email, PASSWORD)
    page.goto("/mensen/")
    page.fill("#people-q", "planoloog")
    with page.expect_navigation():
        page.locator("#people-form button[type=submit]").click()
    expect(result_names(page)).to_have_text(["Jan de Vries", AYSE_YILMAZ])
    page.locator(f"#facet-locatie-{extra['yard'].pk}").check()
    with page.expect_navigation():
        page.locator(".plein-facets button[type=submit]").click()
    expect(result_names(page)).to_have_text(["Jan de Vries"])
    assert f"locatie={extra['yard'].pk}" in page.url


def test_find_an_expert_as_you_type(new_page: Any, organisation: Any) -> None:
    add_people(organisation)
    from tests.browser.conftest import login
    from tests.factories import PASSWORD

    page = new_page(viewport=DESKTOP)
    login(page, organisation.employee.email, PASSWORD)
    page.goto("/mensen/experts/")
    page.locator("#experts-topic").press_sequentially("ruimtelijk", delay=40)
    names = page.locator("#experts-results .plein-person__name")
    # Jan has an endorsement for the skill, so he comes first.
    expect(names).to_have_text(["Jan de Vries", AYSE_YILMAZ])
    expect(page.locator("#experts-results .plein-tag").first).to_contain_text("Ruimtelijke ordening")
    expect(page).to_have_url(re.compile(r"/mensen/experts/\?onderwerp=ruimtelijk$"))
