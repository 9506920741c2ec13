"""The home page: my spaces and suggestions for colleagues; a guest sees only their spaces."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.core.selectors import get_site_settings
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_my_spaces_lists_six_busiest_with_a_link_to_all(employee_client, employee):
    now = timezone.now()
    spaces = [SpaceFactory(name=f"Ruimte {n}", last_activity_at=now - timedelta(days=n)) for n in range(8)]
    for space in spaces:
        add_member(space, employee)
    archived = SpaceFactory(name="Oud project", archived_at=now)
    add_member(archived, employee)

    html = page(employee_client)

    assert "Mijn ruimtes" in html
    for number in range(6):
        assert f"Ruimte {number}<" in html
    assert "Ruimte 6<" not in html
    assert "Oud project" not in html
    assert 'href="/ruimtes/?mijn=1"' in html
    assert f'href="/ruimtes/{spaces[0].slug}/"' in html


def test_my_spaces_shows_the_role(employee_client, employee):
    SpaceFactory(name="Mijn team", owner=employee)

    html = page(employee_client)

    assert "Mijn team" in html
    assert "Eigenaar" in html


def test_without_spaces_the_panel_invites_to_find_one(employee_client):
    html = page(employee_client)
    assert 'href="/ruimtes/"' in html


def test_suggested_spaces_leave_out_secret_invitation_only_and_own(employee_client, employee):
    mine = SpaceFactory(name="Al lid")
    add_member(mine, employee)
    SpaceFactory(name="Open koffiehoek")
    SpaceFactory(name="Geheime groep", visibility="secret", join_policy="invitation")
    SpaceFactory(name="Alleen op uitnodiging", join_policy="invitation")

    html = page(employee_client)
    suggested = html.split('id="suggested-spaces-heading"', 1)[1]

    assert "Open koffiehoek" in suggested
    for name in ("Geheime groep", "Alleen op uitnodiging", "Al lid"):
        assert name not in suggested


def test_guest_sees_only_their_spaces_and_nothing_of_the_organisation(client):
    guest = GuestFactory(first_name="Gijs")
    theirs = SpaceFactory(name="Samenwerking Noordhaven", visibility="closed")
    add_member(theirs, guest, role="guest")
    SpaceFactory(name="Open ruimte voor iedereen")
    UserFactory(first_name="Nieuwe", last_name="Collega")  # joined today: a new colleague
    client.force_login(guest)

    html = page(client)

    organisation = get_site_settings().name
    assert organisation in html
    assert "Samenwerking Noordhaven" in html
    assert "Open ruimte voor iedereen" not in html
    assert "Nieuwe Collega" not in html
    assert "/mensen/" not in html.split("<main", 1)[1]
    assert 'id="suggested-spaces-heading"' not in html
    assert 'id="new-colleagues-heading"' not in html


def test_guest_intro_names_the_organisation(client):
    guest = GuestFactory()
    add_member(SpaceFactory(), guest, role="guest")
    client.force_login(guest)
    settings = get_site_settings()

    html = page(client)

    assert (
        f"You are a guest of {settings.name} in these spaces" in html
        or f"Je bent gast van {settings.name} in deze ruimtes" in html
    )


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


# The same budget as "/" in tests/people/test_budgets.py. Today an employee's home runs 11 (shell 4,
# my spaces, suggested spaces, new colleagues, the empty feed's inbox, large-space and news scans, and
# the viewer's unconfirmed must-reads; the feed state is cached) and a guest's 9. A full feed has its own
# budget in tests/feed/test_views.py.
HOME_BUDGET = 11


@pytest.mark.parametrize("kind", ["employee", "guest"])
def test_home_runs_a_fixed_number_of_queries(client, kind):
    viewer = UserFactory() if kind == "employee" else GuestFactory()
    client.force_login(viewer)
    role = "guest" if kind == "guest" else "member"
    add_member(SpaceFactory(), viewer, role=role)
    SpaceFactory()
    client.get("/")  # warm the site-settings cache
    few = queries(client)
    for _ in range(10):
        add_member(SpaceFactory(), viewer, role=role)
        SpaceFactory()
        UserFactory()
    many = queries(client)

    assert few == many
    assert many <= HOME_BUDGET
