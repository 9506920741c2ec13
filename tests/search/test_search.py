"""Site search: spaces as a group of their own, with the same visibility as everywhere else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.search import selectors
from tests.factories import DepartmentFactory, GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def results(client, query: str) -> str:
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def spaces_section(html: str) -> str:
    return html.split('id="space-results"', 1)[1].split("</section>", 1)[0]


def test_spaces_are_found_by_name_and_description(employee):
    by_name = SpaceFactory(name="Duurzaamheid", description="Zonnepanelen en fietsen.")
    by_description = SpaceFactory(name="Groene kantoren", description="Duurzaamheid op de werkplek.")
    SpaceFactory(name="Boekenclub", description="Elke maand een boek.")

    found = list(selectors.search_spaces(viewer=employee, query="duurzaam"))

    assert found == [by_name, by_description]  # a name that starts with the query first


def test_spaces_appear_as_their_own_group_with_links(employee_client):
    space = SpaceFactory(name="Omgevingswet invoering", visibility="closed")

    section = spaces_section(results(employee_client, "omgevingswet"))

    assert f'href="{space.get_absolute_url()}"' in section
    assert "Omgevingswet invoering" in section


def test_accents_do_not_matter(employee_client):
    SpaceFactory(name="Schrijfcafé", slug="schrijfcafe")

    assert "Schrijfcafé" in spaces_section(results(employee_client, "schrijfcafe"))
    assert "Schrijfcafé" in spaces_section(results(employee_client, "café"))


def test_secret_spaces_appear_only_for_their_members(client, employee):
    secret = SpaceFactory(name="Reorganisatie Bedrijfsvoering", visibility="secret", join_policy="invitation")
    client.force_login(employee)

    assert "Reorganisatie" not in results(client, "reorganisatie")

    add_member(secret, employee)
    assert "Reorganisatie Bedrijfsvoering" in spaces_section(results(client, "reorganisatie"))


def test_secret_spaces_never_appear_for_guests_or_colleagues_outside_them():
    secret = SpaceFactory(name="Vertrouwenspersonen", visibility="secret", description="Vertrouwelijk overleg")
    add_member(secret, UserFactory())
    colleague, guest = UserFactory(), GuestFactory()

    for viewer in (colleague, guest):
        for query in ("vertrouwen", "vertrouwelijk", "personen"):
            assert secret not in selectors.search_spaces(viewer=viewer, query=query)


def test_archived_spaces_are_left_out(employee_client):
    SpaceFactory(name="Verkiezingen 2022", archived_at=timezone.now())
    assert "Verkiezingen 2022" not in results(employee_client, "verkiezingen")


def test_a_guest_finds_their_own_spaces_and_the_people_in_them_only(client):
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    shared = SpaceFactory(name="Regionale samenwerking", visibility="closed")
    add_member(shared, guest, role="guest")
    team = DepartmentFactory(name="Team Geheim Organigram")
    inside = UserFactory(first_name="Pieter", last_name="Bakker")
    inside.profile.department = team
    inside.profile.save()
    add_member(shared, inside)
    outside = UserFactory(first_name="Pieter", last_name="Buiten")
    SpaceFactory(name="Regionale inkoop")  # open, but not theirs
    client.force_login(guest)

    html = results(client, "pieter")
    assert "Pieter Bakker" in html
    assert outside.display_name not in html
    assert "Team Geheim Organigram" not in html  # guests see name, photo and function only
    assert 'id="department-results"' not in html

    html = results(client, "regionale")
    section = spaces_section(html)
    assert "Regionale samenwerking" in section
    assert "Regionale inkoop" not in html


def test_a_guest_whose_access_ended_finds_nothing(client):
    guest = GuestFactory()
    shared = SpaceFactory(name="Regionale samenwerking")
    add_member(shared, guest, role="guest", expires_at=timezone.now() - timedelta(minutes=1))
    add_member(shared, UserFactory(first_name="Pieter"))
    client.force_login(guest)

    html = results(client, "regionale pieter")
    assert "Regionale samenwerking" not in html
    assert list(selectors.search_people(viewer=guest, query="pieter")) == []


def test_search_runs_a_fixed_number_of_queries(employee_client, employee):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get("/zoeken/", {"q": "ruimte"}).status_code == 200
        return len(captured)

    add_member(SpaceFactory(name="Ruimte een"), employee)
    employee_client.get("/zoeken/", {"q": "ruimte"})
    few = queries()
    for number in range(15):
        space = SpaceFactory(name=f"Ruimte {number}", visibility=("open", "closed", "secret")[number % 3])
        add_member(space, employee)
    many = queries()

    assert many == few
    assert many <= 10  # the budget of /zoeken/ in tests/people/test_budgets.py
