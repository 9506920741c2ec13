"""The invitation pages at 1280 and 360 px: invite (owner), accept (visitor), a bad link, the guest list (admin).

Every page passes axe-core, has one h1, no sideways scrolling and no CSP report; screenshots
land in test-artifacts/screenshots/. The whole journey through a real mail server is elsewhere.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plein.spaces.invitations import hash_token
from plein.spaces.models import Invitation, SpaceRole
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    # These tests read the English wording; the Dutch pages are checked by the journey and shell tests.
    settings.LANGUAGE_CODE = "en"


TOKEN = "browser-test-token-0123456789abcdefghijklmnopqrstuvw"


def make_invitation(space: Any, inviter: Any, *, email: str, token: str, **fields: Any) -> Invitation:
    now = timezone.now()
    values = {"expires_at": now + timedelta(days=14), "access_until": now + timedelta(days=90), **fields}
    return Invitation.objects.create(
        space=space,
        email=email,
        message="Welkom! We werken samen aan de nieuwe brug over de Zuidervaart.\nTot donderdag.",
        token_hash=hash_token(token),
        invited_by=inviter,
        **values,
    )


@pytest.fixture
def space(organisation: Any) -> Any:
    space = SpaceFactory(
        name="Project Zuidervaartbrug",
        description="Samen met de provincie en de aannemer aan de nieuwe brug.",
        owner=organisation.employee,
    )
    add_member(space, organisation.colleague)
    return space


def test_invite_page_for_the_owner(auditor: Any, organisation: Any, space: Any) -> None:
    make_invitation(space, organisation.employee, email="an.de.wit@provincie-voorbeeld.nl", token="a" * 40)
    make_invitation(space, organisation.employee, email="bouwteam@aannemer-voorbeeld.nl", token="b" * 40)
    audit = auditor(organisation.employee)
    page = audit.visit(f"/ruimtes/{space.slug}/uitnodigen/", "spaces-invite")
    expect(page.locator("#id_emails")).to_be_visible()
    expect(page.locator("table")).to_contain_text("an.de.wit@provincie-voorbeeld.nl")

    page = audit.visit(f"/ruimtes/{space.slug}/uitnodigen/?zoek=a", "spaces-invite-search")
    expect(page.locator("#colleague-results")).to_contain_text("Fatima El Amrani")
    expect(page.locator("#colleague-results")).to_contain_text("already a member")

    # Typing searches as you go (htmx); ticking and adding works with the keyboard.
    page.fill("#colleague-q", "")
    page.locator("#colleague-q").press_sequentially("Fatima")
    expect(page.locator("#colleague-results input[type=checkbox]")).to_have_count(1)
    page.locator("#colleague-results input[type=checkbox]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the space").click()
    expect(page.locator(".plein-messages")).to_contain_text("Fatima El Amrani")

    # A bad address keeps what was typed and says what is wrong, next to the field.
    page.fill("#id_emails", "an.de.wit@provincie\nbouw@aannemer-voorbeeld.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".errorlist")).to_contain_text("is not a valid e-mail address")
    expect(page.locator("#id_emails")).to_have_value("an.de.wit@provincie\nbouw@aannemer-voorbeeld.nl")

    # On the members page a moderator extends a guest's access with the small date form.
    guest = GuestFactory(first_name="Gijs", last_name="Gast")
    add_member(space, guest, role=SpaceRole.GUEST, invited_by=organisation.employee)
    page = audit.visit(f"/ruimtes/{space.slug}/leden/?rol=guest", "spaces-members-guests")
    later = (timezone.localdate() + timedelta(days=120)).isoformat()
    page.locator("form.plein-extend-guest input[type=date]").fill(later)
    with page.expect_navigation():
        page.locator("form.plein-extend-guest button").click()
    expect(page.locator(".plein-messages")).to_contain_text("Gijs Gast")
    assert page.url.endswith("/leden/?rol=guest"), page.url
    audit.assert_no_problems()


def test_accept_page_for_a_visitor(auditor: Any, organisation: Any, space: Any) -> None:
    make_invitation(space, organisation.employee, email="an.de.wit@provincie-voorbeeld.nl", token=TOKEN)
    used = make_invitation(space, organisation.employee, email="oud@provincie-voorbeeld.nl", token="u" * 40)
    used.accepted_at = timezone.now()
    used.save()
    audit = auditor(None)
    audit.visit("/ruimtes/uitnodiging/dit-bestaat-niet/", "spaces-invitation-unknown", status=404)
    audit.visit(f"/ruimtes/uitnodiging/{'u' * 40}/", "spaces-invitation-used", status=410)
    audit.visit("/accounts/login/", "login-with-code-link")
    audit.visit("/accounts/login/code/", "login-code-request")
    page = audit.visit(f"/ruimtes/uitnodiging/{TOKEN}/", "spaces-invitation")
    expect(page.locator("h1")).to_contain_text("Project Zuidervaartbrug")
    expect(page.locator("main")).to_contain_text("Sanne de Vries")

    # Choosing "a code by e-mail" hides the password fields (CSS only); accepting logs the guest in.
    expect(page.locator("#id_password1")).to_be_visible()
    page.get_by_label("Without a password").check()
    expect(page.locator("#id_password1")).to_be_hidden()
    page.fill("#id_first_name", "An")
    page.fill("#id_last_name", "de Wit")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept and go to the space").click()
    assert page.url.endswith(f"/ruimtes/{space.slug}/"), page.url
    expect(page.locator(".plein-messages")).to_contain_text("Welcome to Project Zuidervaartbrug")
    audit.assert_no_problems()


def test_guest_list_for_an_administrator(auditor: Any, organisation: Any, space: Any) -> None:
    admin = UserFactory(first_name="Ad", last_name="Beheer", is_superuser=True, is_staff=True)
    now = timezone.now()
    for number, (first, last) in enumerate([("An", "de Wit"), ("Bram", "Bouw"), ("Carla", "Consultant")]):
        guest = GuestFactory(first_name=first, last_name=last, email=f"{first.lower()}@partner-voorbeeld.nl")
        ends = now + timedelta(days=(-3, 4, 60)[number])
        add_member(space, guest, role=SpaceRole.GUEST, invited_by=organisation.employee, expires_at=ends)
    make_invitation(space, organisation.employee, email="nog.niet@partner-voorbeeld.nl", token="c" * 40)
    audit = auditor(admin)
    page = audit.visit("/ruimtes/gasten/", "spaces-guests")
    expect(page.locator(".plein-status--ended")).to_have_count(1)
    expect(page.locator(".plein-status--soon")).to_have_count(1)
    audit.visit("/ruimtes/gasten/?toegang=verlopen", "spaces-guests-ended")
    audit.assert_no_problems()
