"""The spaces pages at 1280 and 360 px: overview, new space, a space's tabs, for an owner, a colleague and a guest.

Every page passes axe-core, has one h1, no sideways scrolling and no CSP report; screenshots
land in test-artifacts/screenshots/. Instant search and the confirm steps are driven by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.spaces.models import JoinPolicy, JoinRequest, PostingPolicy, SpaceKind, SpaceRole, SpaceVisibility
from tests.browser.conftest import axe_at_both_widths, layout_problems
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # These tests read the English wording; the Dutch pages are checked by the journey and shell tests.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def spaces(organisation: Any) -> dict[str, Any]:
    team = SpaceFactory(
        name="Team Burgerzaken",
        slug="team-burgerzaken",
        kind=SpaceKind.TEAM,
        description="Paspoorten, rijbewijzen en verhuizingen: hier stemmen we het werk aan de balie af.",
        about="Voor iedereen die aan de balie werkt.\n\nWe delen roosters, werkinstructies en vragen van inwoners.",
        department=organisation.team,
        join_policy=JoinPolicy.REQUEST,
        owner=organisation.employee,
        created_by=organisation.employee,
    )
    add_member(team, organisation.colleague, role=SpaceRole.MODERATOR)
    add_member(team, organisation.manager)
    guest = GuestFactory(first_name="Gijs", last_name="Extern", with_profile__function="Adviseur provincie")
    add_member(team, guest, role=SpaceRole.GUEST)
    asker = UserFactory(first_name="Anna", last_name="Vermeulen", with_profile__function="Medewerker Publiekszaken")
    JoinRequest.objects.create(
        space=team, user=asker, message="Ik begin volgende maand aan de balie en wil graag alvast meelezen."
    )
    closed = SpaceFactory(
        name="Raad van advies",
        slug="raad-van-advies",
        kind=SpaceKind.COMMUNITY,
        description="Adviezen aan de directie over dienstverlening.",
        visibility=SpaceVisibility.CLOSED,
        join_policy=JoinPolicy.REQUEST,
        posting=PostingPolicy.MODERATORS,
        owner=organisation.manager,
    )
    SpaceFactory(
        name="Project Omgevingswet met een heel lange naam die op een telefoon moet afbreken",
        slug="project-omgevingswet",
        kind=SpaceKind.PROJECT,
        description="Invoering van de Omgevingswet in de gemeente.",
        owner=organisation.manager,
    )
    SpaceFactory(
        name="Koffieclub", slug="koffieclub", kind=SpaceKind.OTHER, description="", owner=organisation.colleague
    )
    SpaceFactory(name="Oud project", slug="oud-project", archived_at=timezone.now(), owner=organisation.employee)
    return {"team": team, "closed": closed, "guest": guest}


def test_spaces_pages_for_an_owner(auditor: Any, organisation: Any, spaces: dict[str, Any]) -> None:
    audit = auditor(organisation.employee)
    pages = [
        ("spaces-overview", "/ruimtes/"),
        ("spaces-mine", "/ruimtes/?mijn=1"),
        ("spaces-archived", "/ruimtes/?archief=1"),
        ("spaces-none-found", "/ruimtes/?q=zzz"),
        ("spaces-create", "/ruimtes/nieuw/"),
        ("space-home", "/ruimtes/team-burgerzaken/"),
        ("space-about", "/ruimtes/team-burgerzaken/over/"),
        ("space-members", "/ruimtes/team-burgerzaken/leden/"),
        ("space-requests", "/ruimtes/team-burgerzaken/aanvragen/"),
        ("space-settings", "/ruimtes/team-burgerzaken/instellingen/"),
        ("space-archived", "/ruimtes/oud-project/"),
    ]
    for name, path in pages:
        page = audit.visit(path, name)
    page = audit.visit("/ruimtes/", "spaces-overview")
    expect(page.locator("nav.plein-nav a[aria-current=page]")).to_have_attribute("href", "/ruimtes/")

    # A form with errors keeps what was typed and passes axe too.
    for check_page in (audit.page, audit.axe_page):
        check_page.goto("/ruimtes/nieuw/")
        check_page.fill("#id_description", "Een korte zin.")
        check_page.locator("form.plein-space-form button[type=submit]").click()
        expect(check_page.locator("#error-summary")).to_be_visible()
        expect(check_page.locator("#id_description")).to_have_value("Een korte zin.")
    audit.problems += layout_problems(audit.page, "spaces-create-errors")
    audit.problems += axe_at_both_widths(audit.axe_page, "spaces-create-errors")

    # The confirm step of "remove" opens with the keyboard.
    page = audit.page
    page.goto("/ruimtes/team-burgerzaken/leden/")
    toggle = page.locator("#member-" + str(_membership_id(spaces["team"], organisation.manager)) + " summary")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Yes, remove Fatima El Amrani")).to_be_visible()
    audit.assert_no_problems()


def test_instant_search_on_the_overview(new_page: Any, organisation: Any, spaces: dict[str, Any]) -> None:
    page = new_page(user=organisation.colleague)
    page.goto("/ruimtes/")
    expect(page.locator("#space-results")).to_contain_text("Koffieclub")
    page.fill("#spaces-q", "omgevingswet")
    expect(page.locator("#space-results")).not_to_contain_text("Koffieclub")
    expect(page.locator("#space-results")).to_contain_text("Project Omgevingswet")
    expect(page.locator("#spaces-status")).to_contain_text("1 space found")
    assert "q=omgevingswet" in page.url
    page.select_option("#spaces-kind", "community")
    expect(page.locator("#space-results")).to_contain_text("No space matches")
    assert "soort=community" in page.url


def test_spaces_pages_for_a_colleague_and_a_guest(auditor: Any, organisation: Any, spaces: dict[str, Any]) -> None:
    audit = auditor(organisation.colleague)
    audit.visit("/ruimtes/raad-van-advies/", "space-closed-outsider")
    page = audit.visit("/ruimtes/raad-van-advies/aanvragen/nieuw/", "space-ask-to-join")
    expect(page.locator("#id_message")).to_be_visible()
    audit.assert_no_problems()

    audit = auditor(spaces["guest"])
    page = audit.visit("/ruimtes/", "spaces-overview-guest")
    expect(page.locator("#space-results")).to_contain_text("Team Burgerzaken")
    expect(page.locator("#space-results")).not_to_contain_text("Koffieclub")
    audit.visit("/ruimtes/team-burgerzaken/leden/", "space-members-guest")
    audit.visit("/ruimtes/koffieclub/", "space-not-for-guests", status=404)
    audit.assert_no_problems()


def _membership_id(space: Any, user: Any) -> int:
    return int(space.memberships.get(user=user).pk)
