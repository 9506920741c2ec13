"""The profile's Spaces section: the person's spaces that the viewer may see, in one query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory(first_name="Petra", last_name="Ruimtes")


def profile_html(client, person) -> str:
    response = client.get(f"/mensen/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_open_and_closed_spaces_are_listed_with_links(employee_client, person):
    open_space = SpaceFactory(name="Fietsen naar het werk")
    closed = SpaceFactory(name="Team Vergunningen", visibility="closed")
    add_member(open_space, person)
    add_member(closed, person, role="owner")
    SpaceFactory(name="Niet haar ruimte")

    html = profile_html(employee_client, person)

    assert 'id="spaces-heading"' in html
    assert f'href="{open_space.get_absolute_url()}"' in html
    assert f'href="{closed.get_absolute_url()}"' in html
    assert "Niet haar ruimte" not in html


def test_a_secret_space_is_hidden_from_a_non_member_and_shown_to_a_co_member(client, employee, person):
    secret = SpaceFactory(name="Reorganisatie Bedrijfsvoering", visibility="secret", join_policy="invitation")
    add_member(secret, person)

    client.force_login(employee)
    assert "Reorganisatie Bedrijfsvoering" not in profile_html(client, person)

    add_member(secret, employee)
    assert "Reorganisatie Bedrijfsvoering" in profile_html(client, person)


def test_archived_spaces_and_ended_memberships_are_left_out(employee_client, person):
    add_member(SpaceFactory(name="Afgerond project", archived_at=timezone.now()), person)
    add_member(SpaceFactory(name="Verlopen"), person, expires_at=timezone.now() - timedelta(days=1))

    html = profile_html(employee_client, person)

    assert "Afgerond project" not in html
    assert "Verlopen" not in html
    assert 'id="spaces-heading"' not in html  # no spaces, no section


def test_a_guest_sees_only_the_spaces_they_share_with_the_person(client, person):
    guest = GuestFactory()
    shared = SpaceFactory(name="Samen met de partner", visibility="closed")
    add_member(shared, person)
    add_member(shared, guest, role="guest")
    add_member(SpaceFactory(name="Open ruimte binnen de gemeente"), person)
    client.force_login(guest)

    html = profile_html(client, person)

    assert "Samen met de partner" in html
    assert "Open ruimte binnen de gemeente" not in html


def test_the_section_adds_one_query_however_many_spaces(employee_client, person):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(f"/mensen/{person.pk}/").status_code == 200
        return len(captured)

    add_member(SpaceFactory(), person)
    employee_client.get(f"/mensen/{person.pk}/")  # warm caches
    few = queries()
    for _ in range(15):
        add_member(SpaceFactory(visibility="closed"), person)
        add_member(SpaceFactory(visibility="secret"), person)
    assert queries() == few
