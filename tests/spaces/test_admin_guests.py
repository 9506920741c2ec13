"""Spaces in Django's admin, and the site-wide guest policy in the site settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.core.models import Event, SiteSettings
from plein.core.selectors import get_site_settings
from plein.spaces.invitations import hash_token
from plein.spaces.models import Invitation, JoinRequest, Membership, SpaceRole
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db

ADMIN = "/beheer/spaces"


@pytest.fixture
def space(owner):
    return SpaceFactory(name="Wijkteam Noord", owner=owner)


def invitation(space, owner, *, email="gast@partner.example", **fields) -> Invitation:
    now = timezone.now()
    values = {"expires_at": now + timedelta(days=14), "access_until": now + timedelta(days=90), **fields}
    return Invitation.objects.create(space=space, email=email, token_hash=hash_token(email), invited_by=owner, **values)


def test_guest_policy_sits_in_its_own_fieldset(admin_client, django_capture_on_commit_callbacks):
    html = admin_client.get("/beheer/core/sitesettings/add/").content.decode()
    assert "Externe gasten" in html
    for field in ("guest_invitations_enabled", "guest_allowed_domains", "guest_access_days", "invitation_valid_days"):
        assert f'name="{field}"' in html
    assert html.index("Externe gasten") < html.index('name="guest_access_days"')

    get_site_settings()  # warm the cache: saving must clear it
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/beheer/core/sitesettings/add/",
            {
                "name": "Gemeente Zuiderveld",
                "primary_colour": "#1f5c99",
                "guest_allowed_domains": "partner.example\nbuurgemeente.nl",
                "guest_access_days": "30",
                "invitation_valid_days": "7",
                "attachment_max_mb": "20",
                "attachment_types": "pdf, docx",
                "must_read_weekly_budget": "3",
                "must_read_reminder_days": "3",
            },
        )
    assert response.status_code == 302
    site = get_site_settings()
    assert site.guest_invitations_enabled is False  # an unticked box
    assert site.guest_domains == ["partner.example", "buurgemeente.nl"]
    assert (site.guest_access_days, site.invitation_valid_days) == (30, 7)


def test_guest_policy_limits_are_checked(admin_client):
    SiteSettings.objects.create(pk=1, name="Gemeente Zuiderveld", primary_colour="#1f5c99")
    response = admin_client.post(
        "/beheer/core/sitesettings/1/change/",
        {
            "name": "Gemeente Zuiderveld",
            "primary_colour": "#1f5c99",
            "guest_access_days": "0",
            "invitation_valid_days": "365",
            "attachment_max_mb": "20",
            "attachment_types": "pdf",
            "must_read_weekly_budget": "3",
            "must_read_reminder_days": "3",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"guest_access_days", "invitation_valid_days"}


def test_every_spaces_list_opens_with_each_filter(admin_client, owner, space):
    guest = GuestFactory()
    add_member(space, guest, role=SpaceRole.GUEST)
    JoinRequest.objects.create(space=space, user=UserFactory())
    invitation(space, owner)
    pages = {
        "space": ["", "?archived=yes", "?archived=no", "?visibility__exact=open", "?q=wijk"],
        "membership": ["", "?role__exact=guest", "?access=ends", "?access=ended", "?access=open", "?q=Olga"],
        "joinrequest": ["", "?status__exact=pending"],
        "invitation": ["", "?state=open", "?state=accepted", "?state=withdrawn", "?state=expired", "?q=partner"],
    }
    for model, queries in pages.items():
        for query in queries:
            response = admin_client.get(f"{ADMIN}/{model}/{query}")
            assert response.status_code == 200, f"{model}{query}"


def test_invitation_filters_sort_by_state(admin_client, owner, space):
    now = timezone.now()
    invitation(space, owner, email="open@partner.example")
    invitation(space, owner, email="used@partner.example", accepted_at=now)
    invitation(space, owner, email="withdrawn@partner.example", revoked_at=now)
    invitation(space, owner, email="old@partner.example", expires_at=now - timedelta(days=1))
    for state, email in [
        ("open", "open@"),
        ("accepted", "used@"),
        ("withdrawn", "withdrawn@"),
        ("expired", "old@"),
    ]:
        listed = list(admin_client.get(f"{ADMIN}/invitation/?state={state}").context["cl"].result_list)
        assert [i.email.split("@")[0] + "@" for i in listed] == [email], state


def test_the_token_hash_is_read_only_and_invitations_are_not_made_here(admin_client, owner, space):
    found = invitation(space, owner)
    html = admin_client.get(f"{ADMIN}/invitation/{found.pk}/change/").content.decode()
    assert found.token_hash in html
    assert 'name="token_hash"' not in html
    assert admin_client.get(f"{ADMIN}/invitation/add/").status_code == 403
    assert admin_client.get(f"{ADMIN}/invitation/{found.pk}/delete/").status_code == 403


def test_withdrawing_invitations_from_the_admin(admin_client, owner, space):
    open_one = invitation(space, owner, email="open@partner.example")
    used = invitation(space, owner, email="used@partner.example", accepted_at=timezone.now())
    response = admin_client.post(
        f"{ADMIN}/invitation/", {"action": "withdraw", "_selected_action": [open_one.pk, used.pk]}, follow=True
    )
    assert "1 uitnodiging ingetrokken." in response.content.decode()
    open_one.refresh_from_db()
    used.refresh_from_db()
    assert open_one.revoked_at is not None
    assert used.revoked_at is None


def test_memberships_and_requests_are_looked_up_not_edited(admin_client, space):
    membership = Membership.objects.get(space=space)
    join_request = JoinRequest.objects.create(space=space, user=UserFactory())
    assert admin_client.get(f"{ADMIN}/membership/{membership.pk}/change/").status_code == 200
    assert admin_client.get(f"{ADMIN}/membership/add/").status_code == 403
    assert admin_client.get(f"{ADMIN}/membership/{membership.pk}/delete/").status_code == 403
    response = admin_client.post(f"{ADMIN}/membership/{membership.pk}/change/", {"role": "member"})
    assert response.status_code == 403
    assert Membership.objects.get(pk=membership.pk).role == SpaceRole.OWNER
    assert admin_client.get(f"{ADMIN}/joinrequest/{join_request.pk}/change/").status_code == 200
    assert admin_client.get(f"{ADMIN}/joinrequest/add/").status_code == 403


def test_a_space_changed_in_the_admin_goes_through_the_action(admin_client, space):
    response = admin_client.get(f"{ADMIN}/space/{space.pk}/change/")
    assert response.status_code == 200
    assert admin_client.get(f"{ADMIN}/space/add/").status_code == 403
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(name="Wijkteam Noord-Oost", members_can_invite="")
    response = admin_client.post(f"{ADMIN}/space/{space.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    space.refresh_from_db()
    assert space.name == "Wijkteam Noord-Oost"
    assert space.members_can_invite is False
    event = Event.objects.get(kind="space.updated")
    assert set(event.payload["fields"]) == {"name", "members_can_invite"}
