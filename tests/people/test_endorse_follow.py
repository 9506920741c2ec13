"""Endorsing skills and following colleagues: actions against the real database, and their views."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from plein.core.models import Event, Interaction
from plein.people import actions, selectors_profile
from plein.people.models import Endorsement
from tests.factories import GuestFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["plein_language"] = "en"


@pytest.fixture
def colleague(db):
    person = UserFactory(first_name="Pieter", last_name="Bakker")
    person.profile.skills.add(actions.skill_for_name("Basisregistratie Personen"))
    return person


@pytest.fixture
def skill(colleague):
    return colleague.profile.skills.get()


# --- endorsing -------------------------------------------------------------------------------


def test_endorse_once_per_person_per_skill(employee, colleague, skill):
    first = actions.endorse(endorser=employee, person=colleague, skill=skill)
    again = actions.endorse(endorser=employee, person=colleague, skill=skill)
    assert first.pk == again.pk
    assert Endorsement.objects.count() == 1
    events = Event.objects.filter(kind="skill.endorsed")
    assert events.count() == 1
    assert events.get().audience == [f"user:{colleague.pk}"]
    row = selectors_profile.skill_row(viewer=employee, person=colleague, skill_id=skill.pk)
    assert (row.endorsements, row.endorsed_by_viewer) == (1, True)
    other_viewer = UserFactory()
    row = selectors_profile.skill_row(viewer=other_viewer, person=colleague, skill_id=skill.pk)
    assert (row.endorsements, row.endorsed_by_viewer) == (1, False)


def test_withdraw_an_endorsement(employee, colleague, skill):
    actions.endorse(endorser=employee, person=colleague, skill=skill)
    actions.withdraw_endorsement(endorser=employee, person=colleague, skill=skill)
    actions.withdraw_endorsement(endorser=employee, person=colleague, skill=skill)  # nothing left: no event
    assert not Endorsement.objects.exists()
    assert Event.objects.filter(kind="skill.endorsement_withdrawn").count() == 1


def test_cannot_endorse_yourself_or_a_skill_not_on_the_profile(employee, colleague, skill):
    employee.profile.skills.add(skill)
    with pytest.raises(PermissionDenied):
        actions.endorse(endorser=employee, person=employee, skill=skill)
    unlisted = actions.skill_for_name("Toveren")
    with pytest.raises(ValueError, match="on the profile"):
        actions.endorse(endorser=employee, person=colleague, skill=unlisted)
    with pytest.raises(PermissionDenied):
        actions.endorse(endorser=GuestFactory(), person=colleague, skill=skill)
    assert not Endorsement.objects.exists()


def test_endorse_view_without_javascript_redirects_back_to_the_skill(employee_client, colleague, skill):
    response = employee_client.post(f"/mensen/{colleague.pk}/vaardigheden/{skill.pk}/onderschrijven/")
    assert response.status_code == 302
    assert response["Location"] == f"/mensen/{colleague.pk}/#skill-{skill.pk}"
    assert Endorsement.objects.count() == 1
    html = employee_client.get(f"/mensen/{colleague.pk}/").content.decode()
    assert "1 endorsement" in html and f'action="/mensen/{colleague.pk}/vaardigheden/{skill.pk}/intrekken/"' in html


def test_endorse_view_with_htmx_returns_the_skill_partial(employee_client, colleague, skill):
    url = f"/mensen/{colleague.pk}/vaardigheden/{skill.pk}/"
    response = employee_client.post(url + "onderschrijven/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="skill-{skill.pk}"' in html and "1 endorsement" in html
    assert f'id="endorse-{skill.pk}"' in html  # same id: htmx keeps the focus on the button
    assert "Withdraw your endorsement for Basisregistratie Personen" in html
    assert "<html" not in html
    response = employee_client.post(url + "intrekken/", **HTMX)
    html = response.content.decode()
    assert "endorsement" not in html.replace("Endorse Basisregistratie", "")
    assert 'aria-label="Endorse Basisregistratie Personen"' in html
    assert not Endorsement.objects.exists()


def test_endorse_view_refusals(client, employee, colleague, skill):
    client.force_login(colleague)
    # Your own skill.
    assert client.post(f"/mensen/{colleague.pk}/vaardigheden/{skill.pk}/onderschrijven/").status_code == 403
    client.force_login(employee)
    # A skill not on the profile, an unknown person, and GET.
    other = actions.skill_for_name("Toveren")
    assert client.post(f"/mensen/{colleague.pk}/vaardigheden/{other.pk}/onderschrijven/").status_code == 404
    assert client.post(f"/mensen/99999/vaardigheden/{skill.pk}/onderschrijven/").status_code == 404
    assert client.get(f"/mensen/{colleague.pk}/vaardigheden/{skill.pk}/onderschrijven/").status_code == 405
    client.force_login(GuestFactory())  # shares no space with the colleague: the profile is not there for them
    assert client.post(f"/mensen/{colleague.pk}/vaardigheden/{skill.pk}/onderschrijven/").status_code == 404
    assert not Endorsement.objects.exists()


def test_no_endorse_buttons_on_your_own_profile(client, colleague, skill):
    client.force_login(colleague)
    html = client.get(f"/mensen/{colleague.pk}/").content.decode()
    assert "Basisregistratie Personen" in html
    assert "onderschrijven/" not in html and "volgen/" not in html


# --- following -------------------------------------------------------------------------------


def test_follow_and_unfollow_are_idempotent_and_record_events(employee, colleague):
    actions.follow(user=employee, person=colleague)
    actions.follow(user=employee, person=colleague)
    assert Interaction.objects.count() == 1
    stats = selectors_profile.follow_stats(viewer=employee, person=colleague)
    assert (stats.followers, stats.following, stats.viewer_follows) == (1, 0, True)
    assert selectors_profile.follow_stats(viewer=colleague, person=employee).following == 1
    assert list(selectors_profile.followers(person=colleague)) == [employee]
    assert list(selectors_profile.following(person=employee)) == [colleague]

    actions.unfollow(user=employee, person=colleague)
    actions.unfollow(user=employee, person=colleague)
    assert not Interaction.objects.exists()
    assert Event.objects.filter(kind="person.followed").count() == 1
    assert Event.objects.filter(kind="person.unfollowed").count() == 1


def test_cannot_follow_yourself_a_deactivated_colleague_or_as_a_guest(employee, colleague):
    with pytest.raises(PermissionDenied):
        actions.follow(user=employee, person=employee)
    with pytest.raises(PermissionDenied):
        actions.follow(user=GuestFactory(), person=colleague)
    colleague.is_active = False
    with pytest.raises(PermissionDenied):
        actions.follow(user=employee, person=colleague)
    assert not Interaction.objects.exists()


def test_follow_views_with_and_without_htmx(employee_client, employee, colleague):
    response = employee_client.post(f"/mensen/{colleague.pk}/volgen/")
    assert response.status_code == 302 and response["Location"] == f"/mensen/{colleague.pk}/"
    html = employee_client.get(f"/mensen/{colleague.pk}/").content.decode()
    assert "1 follower" in html and f'action="/mensen/{colleague.pk}/ontvolgen/"' in html

    response = employee_client.post(f"/mensen/{colleague.pk}/ontvolgen/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="follow"' in html and 'id="follow-button"' in html
    assert "0 followers" in html and 'aria-label="Follow Pieter Bakker"' in html
    response = employee_client.post(f"/mensen/{colleague.pk}/volgen/", **HTMX)
    assert 'aria-label="Unfollow Pieter Bakker"' in response.content.decode()


def test_follow_view_refusals(client, employee, colleague):
    client.force_login(employee)
    assert client.post(f"/mensen/{employee.pk}/volgen/").status_code == 403
    assert client.get(f"/mensen/{colleague.pk}/volgen/").status_code == 405
    client.force_login(GuestFactory())
    assert client.post(f"/mensen/{colleague.pk}/volgen/").status_code == 404
    assert client.get(f"/mensen/{colleague.pk}/volgers/").status_code == 404
    client.logout()
    response = client.post(f"/mensen/{colleague.pk}/volgen/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Interaction.objects.exists()
