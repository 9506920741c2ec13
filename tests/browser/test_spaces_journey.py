"""The whole spaces journey in a real browser, with a real SMTP server.

An employee creates a closed space where joining is on request; a colleague
asks to join and is approved; an external partner is invited by e-mail,
follows the link from the message the SMTP server received, makes a guest
account and works in the space. Then the guest tries to reach everything
else by guessing addresses: every attempt is a 404 or the log-in page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from plein.accounts.models import User, UserKind
from plein.spaces.models import JoinPolicy, Membership, Space, SpaceRole, SpaceVisibility
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUEST_EMAIL = "anna.smit@partnergemeente.nl"
GUEST_PASSWORD = "Kademuur-2027-samen"
LINK = re.compile(r"https?://[^\s\"<>]+/ruimtes/uitnodiging/[A-Za-z0-9_\-]+/")


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def test_create_request_approve_invite_and_work_as_a_guest(auditor: Any, new_page: Any, organisation: Any, smtp: Any):
    owner, colleague = organisation.employee, organisation.colleague
    # Spaces the guest must never reach, one of each visibility, and a colleague outside the new space.
    others = {
        visibility: SpaceFactory(name=f"Ruimte {visibility}", slug=f"ruimte-{visibility}", visibility=visibility)
        for visibility in SpaceVisibility.values
    }
    outsider = UserFactory(first_name="Olga", last_name="Buiten")
    add_member(others[SpaceVisibility.SECRET], outsider, role=SpaceRole.OWNER)

    # 1. The owner creates a closed space where joining is on request.
    audit = auditor(owner)
    page = audit.visit("/ruimtes/nieuw/", "journey-create")
    page.fill("#id_name", "Project Kademuur")
    page.fill("#id_description", "Herstel van de kademuur, samen met de provincie.")
    page.check(f"input[name=visibility][value={SpaceVisibility.CLOSED}]")
    page.check(f"input[name=join_policy][value={JoinPolicy.REQUEST}]")
    _submit(page, "form.plein-form")
    expect(page.locator("h1")).to_have_text("Project Kademuur")
    space = Space.objects.get(name="Project Kademuur")
    assert (space.visibility, space.join_policy) == (SpaceVisibility.CLOSED, JoinPolicy.REQUEST)
    assert page.url.endswith(f"/ruimtes/{space.slug}/")

    # 2. A colleague finds it, cannot read it, and asks to join.
    colleague_page = new_page(user=colleague)
    colleague_page.goto(f"/ruimtes/{space.slug}/")
    colleague_page.locator(f"a[href='/ruimtes/{space.slug}/aanvragen/nieuw/']").first.click()
    colleague_page.fill("textarea[name=message]", "Ik doe de vergunningen voor de kade.")
    _submit(colleague_page, "main form")
    assert space.join_requests.filter(user=colleague, status="pending").exists()

    # 3. The owner approves it on the requests page.
    page = audit.visit(f"/ruimtes/{space.slug}/aanvragen/", "journey-requests")
    expect(page.locator("main")).to_contain_text("Ik doe de vergunningen voor de kade.")
    with page.expect_navigation():
        page.locator("button[name=decision][value=approve]").click()
    assert Membership.objects.filter(space=space, user=colleague, role=SpaceRole.MEMBER).exists()

    # 4. The owner invites an external partner by e-mail; the real SMTP server receives the message.
    page = audit.visit(f"/ruimtes/{space.slug}/uitnodigen/", "journey-invite")
    page.fill("textarea[name=emails]", GUEST_EMAIL)
    page.fill("textarea[name=message]", "Welkom bij het project!")
    _submit(page, "form:has(input[name=form][value=guests])")
    messages = smtp.messages()
    assert len(messages) == 1, f"expected one invitation e-mail, got {len(messages)}"
    mail = messages[0]
    assert mail["To"] == GUEST_EMAIL and "Project Kademuur" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Welkom bij het project!" in body
    link = LINK.search(body)
    assert link, f"no invitation link in the e-mail:\n{body}"

    # 5. The partner follows the link, makes a guest account with a password and lands in the space.
    visitor = auditor(None)
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    guest_page = visitor.visit("/" + path, "journey-accept")
    expect(guest_page.locator("main")).to_contain_text("Welkom bij het project!")
    guest_page.fill("input[name=first_name]", "Anna")
    guest_page.fill("input[name=last_name]", "Smit")
    guest_page.check("input[name=login_method][value=password]")
    guest_page.fill("input[name=password1]", GUEST_PASSWORD)
    guest_page.fill("input[name=password2]", GUEST_PASSWORD)
    _submit(guest_page, "main form")
    expect(guest_page.locator("h1")).to_have_text("Project Kademuur")
    guest = User.objects.get(email=GUEST_EMAIL)
    assert guest.kind == UserKind.GUEST
    membership = Membership.objects.get(space=space, user=guest)
    assert membership.role == SpaceRole.GUEST and membership.expires_at is not None
    # The link is single-use.
    assert guest_page.request.get("/" + path).status == 410

    # 6. The guest sees only this space, and the names and functions of its members.
    guest_audit = auditor(None)
    guest_audit.page.context.add_cookies(guest_page.context.cookies())
    guest_audit.axe_page.context.add_cookies(guest_page.context.cookies())
    overview = guest_audit.visit("/ruimtes/", "journey-guest-overview")
    expect(overview.locator("main")).to_contain_text("Project Kademuur")
    for other in others.values():
        expect(overview.locator("main")).not_to_contain_text(other.name)
    members = guest_audit.visit(f"/ruimtes/{space.slug}/leden/", "journey-guest-members")
    expect(members.locator("main")).to_contain_text("Pieter Bakker")
    expect(members.locator("main")).not_to_contain_text(colleague.email)

    # 7. Guessing addresses: 404 (or the log-in page) everywhere outside the space.
    forbidden = [
        *(f"/ruimtes/{other.slug}/" for other in others.values()),
        *(f"/ruimtes/{other.slug}/leden/" for other in others.values()),
        *(f"/ruimtes/{other.slug}/over/" for other in others.values()),
        "/ruimtes/nieuw/",
        "/ruimtes/gasten/",
        "/mensen/",
        "/mensen/experts/",
        "/mensen/nieuw/",
        f"/mensen/{outsider.pk}/",
        f"/mensen/{organisation.manager.pk}/",
        "/organisatie/",
        f"/organisatie/{organisation.team.pk}/",
        "/werkprocessen/",
    ]
    for address in forbidden:
        response = guest_page.request.get(address, max_redirects=0)
        status = response.status
        location = response.headers.get("location", "")
        assert status == 404 or (status == 302 and "/accounts/login/" in location), (
            f"a guest got {status} {location} for {address}"
        )
    # In their own space a guest may look but not manage: the settings answer 403, which reveals nothing new.
    assert guest_page.request.get(f"/ruimtes/{space.slug}/instellingen/").status == 403
    # A colleague who shares the space is visible to the guest, with name and function only.
    profile = guest_page.request.get(f"/mensen/{colleague.pk}/")
    assert profile.status == 200
    # Search finds neither the other spaces nor people outside the guest's space.
    results = guest_audit.visit("/zoeken/?q=Ruimte", "journey-guest-search")
    for other in others.values():
        expect(results.locator("main")).not_to_contain_text(other.name)
    results = guest_page.request.get("/zoeken/?q=Buiten").text()
    assert "Olga" not in results

    audit.assert_no_problems()
    visitor.assert_no_problems()
    guest_audit.assert_no_problems()
