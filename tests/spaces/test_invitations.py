"""Inviting colleagues and external guests, the invitation e-mail and its single-use link, guest access."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from plein.accounts.models import User, UserKind
from plein.core.models import SiteSettings
from plein.spaces import invitations
from plein.spaces.forms_invitations import end_of_day
from plein.spaces.models import Invitation, Membership, SpaceRole, SpaceVisibility
from tests.factories import PASSWORD, GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/ruimtes/uitnodiging/([A-Za-z0-9_-]+)/)")
NEW_PASSWORD = "Zomer-in-Zuiderveld-2031"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["plein_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def space(owner):
    return SpaceFactory(name="Wijkteam Noord", description="Samen aan de wijk.", owner=owner)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def english_client(user=None) -> Client:
    other = Client()
    other.cookies["plein_language"] = "en"
    if user is not None:
        other.force_login(user)
    return other


def site_settings(**fields) -> SiteSettings:
    site = SiteSettings.objects.create(pk=1, name="Gemeente Zuiderveld", primary_colour="#1f5c99", **fields)
    cache.clear()
    return site


def invite_url(space) -> str:
    return reverse("spaces:invite", args=[space.slug])


def post_guests(client, space, emails, *, message="", until=None, capture):
    until = until or timezone.localdate() + timedelta(days=30)
    data = {"form": "guests", "emails": emails, "message": message, "access_until": until.isoformat()}
    with capture(execute=True):
        return client.post(invite_url(space), data)


def link_from(message) -> tuple[str, str]:
    """The accept path and token from a received invitation e-mail."""
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1), found.group(2)


def invite(owner, space, email, capture, **extra) -> str:
    """Invite through the action and return the accept path from the e-mail that went out."""
    before = len(mail.outbox)
    with capture(execute=True):
        invitations.invite_guest(actor=owner, space=space, email=email, **extra)
    assert len(mail.outbox) == before + 1
    return link_from(mail.outbox[-1])[0]


def accept_form(**extra) -> dict[str, str]:
    return {
        "first_name": "Gerda",
        "last_name": "Gast",
        "login_method": "password",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }


# --- inviting ------------------------------------------------------------------------------------


def test_inviting_a_guest_stores_a_hashed_token_and_mails_the_link(
    owner_client, owner, space, django_capture_on_commit_callbacks
):
    until = timezone.localdate() + timedelta(days=45)
    response = post_guests(
        owner_client,
        space,
        "Gerda@Partner.example",
        message="Welkom in ons wijkteam & tot snel!",
        until=until,
        capture=django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    assert response.url == invite_url(space)
    invitation = Invitation.objects.get()
    assert invitation.email == "gerda@partner.example"
    assert invitation.invited_by == owner
    assert invitation.access_until == end_of_day(until)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gerda@partner.example"]
    assert message.reply_to == [owner.email]
    assert "Wijkteam Noord" in message.subject
    path, token = link_from(message)
    # Only the hash is stored; the token itself is nowhere in the database.
    assert invitation.token_hash == invitations.hash_token(token) != token
    assert len(invitation.token_hash) == 64
    assert "Welkom in ons wijkteam & tot snel!" in message.body  # plain text is not HTML-escaped
    assert "Olga Eigenaar" in message.body
    html = message.alternatives[0][0]
    assert path in html and "Welkom in ons wijkteam &amp; tot snel!" in html
    assert "<img" not in html and "http" not in html.replace(LINK.search(message.body).group(0), "")
    page = owner_client.get(invite_url(space))
    assert "Invitation sent to gerda@partner.example." in page.content.decode()
    assert "gerda@partner.example" in page.content.decode()  # in the open invitations


def test_several_addresses_at_once(owner_client, space, django_capture_on_commit_callbacks):
    post_guests(
        owner_client,
        space,
        "a@partner.example\nb@partner.example, a@partner.example",
        capture=django_capture_on_commit_callbacks,
    )
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["a@partner.example", "b@partner.example"]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@partner.example", "b@partner.example"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("gerda@@partner", "“gerda@@partner” is not a valid e-mail address."),
        ("gerda@elders.example", "Guests can only be invited from these domains: partner.example."),
        ("good@partner.example\nbad@elders.example", "Guests can only be invited from these domains"),
    ],
)
def test_a_bad_address_is_explained_and_nothing_is_sent(
    owner_client, space, django_capture_on_commit_callbacks, typed, expected
):
    site_settings(guest_allowed_domains="partner.example")
    response = post_guests(owner_client, space, typed, message="Tot snel", capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert typed.split("\n")[0] in html and "Tot snel" in html  # what was typed is kept
    assert 'aria-invalid="true"' in html
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_employee_address_is_refused(owner_client, space, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="piet@zuiderveld.nl")
    response = post_guests(owner_client, space, colleague.email, capture=django_capture_on_commit_callbacks)
    assert "piet@zuiderveld.nl belongs to a colleague: add them by name instead." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_date_in_the_past_is_refused(owner_client, space, django_capture_on_commit_callbacks):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post_guests(
        owner_client, space, "x@partner.example", until=yesterday, capture=django_capture_on_commit_callbacks
    )
    assert "Choose a date in the future." in response.content.decode()
    assert not Invitation.objects.exists()


def test_when_guests_are_turned_off_the_page_explains_and_refuses(
    owner_client, space, django_capture_on_commit_callbacks
):
    site_settings(guest_invitations_enabled=False)
    page = owner_client.get(invite_url(space)).content.decode()
    assert "Inviting external guests is turned off for this organisation." in page
    assert 'name="emails"' not in page

    response = post_guests(owner_client, space, "x@partner.example", capture=django_capture_on_commit_callbacks)
    assert "Inviting external guests is turned off for this organisation." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_invite_form_suggests_the_default_access_period(owner_client, space):
    site_settings(guest_access_days=30)
    page = owner_client.get(invite_url(space)).content.decode()
    assert f'value="{(timezone.localdate() + timedelta(days=30)).isoformat()}"' in page


def test_who_may_open_the_invite_page(client, owner, space):
    member = UserFactory()
    add_member(space, member)
    secret = SpaceFactory(visibility=SpaceVisibility.SECRET, owner=owner)
    client.force_login(member)
    assert client.get(invite_url(space)).status_code == 200  # members may invite by default
    space.members_can_invite = False
    space.save()
    assert client.get(invite_url(space)).status_code == 403
    assert client.get(invite_url(secret)).status_code == 404  # a secret space does not exist for them
    outsider = english_client(UserFactory())
    assert outsider.get(invite_url(space)).status_code == 403
    assert english_client().get(invite_url(space)).status_code == 302  # to the log-in page


# --- adding colleagues ---------------------------------------------------------------------------


def test_adding_colleagues_by_name(owner_client, space):
    anna = UserFactory(first_name="Anna", last_name="Zoetemelk")
    UserFactory(first_name="Anna", last_name="Vertrokken", is_active=False)
    GuestFactory(first_name="Anna", last_name="Extern")
    page = owner_client.get(invite_url(space), {"zoek": "anna"}).content.decode()
    assert "Anna Zoetemelk" in page
    assert "Vertrokken" not in page and "Extern" not in page  # only active employees

    # htmx asks for just the results.
    partial = owner_client.get(
        invite_url(space), {"zoek": "anna"}, headers={"HX-Request": "true", "HX-Target": "colleague-results"}
    ).content.decode()
    assert "Anna Zoetemelk" in partial and "<h1" not in partial

    response = owner_client.post(invite_url(space), {"form": "colleagues", "zoek": "anna", "people": [anna.pk]})
    assert response.status_code == 302
    assert Membership.objects.get(space=space, user=anna).role == SpaceRole.MEMBER
    page = owner_client.get(invite_url(space), {"zoek": "anna"}).content.decode()
    assert "Added to the space: Anna Zoetemelk." in page
    assert "already a member" in page


def test_adding_nobody_keeps_the_search(owner_client, space):
    UserFactory(first_name="Anna", last_name="Zoetemelk")
    response = owner_client.post(invite_url(space), {"form": "colleagues", "zoek": "anna"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick at least one colleague to add." in html and "Anna Zoetemelk" in html


def test_a_guest_cannot_be_added_by_name(owner_client, space):
    guest = GuestFactory()
    response = owner_client.post(invite_url(space), {"form": "colleagues", "people": [guest.pk]})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=guest).exists()


# --- accepting -----------------------------------------------------------------------------------


def test_following_the_link_from_the_email_makes_a_guest(owner, space, django_capture_on_commit_callbacks):
    until = end_of_day(timezone.localdate() + timedelta(days=60))
    path = invite(
        owner, space, "gerda@partner.example", django_capture_on_commit_callbacks, message="Fijn!", access_until=until
    )
    visitor = english_client()

    page = visitor.get(path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Wijkteam Noord" in html and "Olga Eigenaar" in html and "Fijn!" in html
    assert "Samen aan de wijk." in html
    assert 'href="/accounts/2fa/' in html  # two-factor authentication can follow
    assert not re.search(r'(src|href)="https?://', html)  # no third-party resources

    response = visitor.post(path, accept_form())
    assert response.status_code == 302
    assert response.url == space.get_absolute_url()
    guest = User.objects.get(email="gerda@partner.example")
    assert guest.kind == UserKind.GUEST
    assert (guest.first_name, guest.last_name) == ("Gerda", "Gast")
    assert guest.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=guest).verified
    membership = Membership.objects.get(user=guest)
    assert (membership.space, membership.role, membership.expires_at) == (space, SpaceRole.GUEST, until)
    assert membership.invited_by == owner
    assert Invitation.objects.get().accepted_by == guest
    assert int(visitor.session[SESSION_KEY]) == guest.pk  # logged in
    space.refresh_from_db()
    assert space.member_count == 2


def test_the_link_works_once(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    english_client().post(path, accept_form())

    again = english_client()
    response = again.get(path)
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()
    assert again.post(path, accept_form(first_name="Iemand")).status_code == 410
    assert User.objects.get(email="gerda@partner.example").first_name == "Gerda"


def test_an_expired_link_changes_nothing(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    visitor = english_client()
    response = visitor.get(path)
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert "Olga Eigenaar" in response.content.decode()  # who to ask for a new one
    assert visitor.post(path, accept_form()).status_code == 410
    assert not User.objects.filter(email="gerda@partner.example").exists()


def test_an_unknown_link(client):
    response = client.get(reverse("spaces:invitation", args=["niet-bestaand"]))
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


def test_an_archived_space_refuses_its_invitations(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    space.archived_at = timezone.now()
    space.save()
    response = english_client().post(path, accept_form())
    assert response.status_code == 410
    assert not User.objects.filter(email="gerda@partner.example").exists()


def test_a_weak_password_is_explained_and_the_name_is_kept(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    visitor = english_client()
    response = visitor.post(path, accept_form(password1="12345", password2="12345"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is too short." in html
    assert 'value="Gerda"' in html
    response = visitor.post(path, accept_form(password2="iets-anders-helemaal"))
    assert "The two passwords are not the same." in response.content.decode()
    assert not User.objects.filter(email="gerda@partner.example").exists()


def test_a_guest_without_password_logs_in_with_a_code(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    visitor = english_client()
    response = visitor.post(path, accept_form(login_method="code", password1="", password2=""))
    assert response.status_code == 302
    guest = User.objects.get(email="gerda@partner.example")
    assert not guest.has_usable_password()

    later = english_client()
    assert later.get("/accounts/login/code/").status_code == 200
    login_page = later.get("/accounts/login/").content.decode()
    assert 'href="/accounts/login/code/' in login_page
    with django_capture_on_commit_callbacks(execute=True):
        response = later.post("/accounts/login/code/", {"email": guest.email})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [guest.email]
    assert "Gemeente Zuiderveld" in mail.outbox[-1].body  # greeted by the organisation, not a host name
    assert "testserver" not in mail.outbox[-1].body
    code = re.search(r"^([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*)$", mail.outbox[-1].body, re.MULTILINE)
    assert code, mail.outbox[-1].body
    response = later.post(response.url, {"code": code.group(1)})
    assert response.status_code == 302
    assert int(later.session[SESSION_KEY]) == guest.pk


def test_a_logged_in_guest_accepts_a_second_space(owner, space, django_capture_on_commit_callbacks):
    guest = GuestFactory(email="gerda@partner.example", first_name="Gerda")
    add_member(space, guest, role=SpaceRole.GUEST)
    second = SpaceFactory(name="Project Brug", owner=owner)
    path = invite(owner, second, guest.email, django_capture_on_commit_callbacks)

    anonymous = english_client().get(path).content.decode()
    assert "Log in to accept" in anonymous
    assert f'href="/accounts/login/?next={path}"' in anonymous.replace("%2F", "/")
    assert english_client().post(path, accept_form()).status_code == 200  # no second account
    assert User.objects.filter(email=guest.email).count() == 1

    logged_in = english_client(guest)
    page = logged_in.get(path).content.decode()
    assert "Accept invitation" in page
    response = logged_in.post(path)
    assert response.status_code == 302 and response.url == second.get_absolute_url()
    assert Membership.objects.get(user=guest, space=second).role == SpaceRole.GUEST
    guest.refresh_from_db()
    assert guest.check_password(PASSWORD)  # untouched


def test_logged_in_as_someone_else(owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    other = english_client(UserFactory())
    page = other.get(path).content.decode()
    assert "This invitation was sent to gerda@partner.example" in page
    assert "Log out first" in page
    other.post(path)
    assert not Invitation.objects.get().accepted_at
    assert not User.objects.filter(email="gerda@partner.example").exists()


def test_an_ended_guest_comes_back(owner, space, django_capture_on_commit_callbacks):
    guest = GuestFactory(email="gerda@partner.example", first_name="Gerda", last_name="Gast", is_active=False)
    add_member(space, guest, role=SpaceRole.GUEST, expires_at=timezone.now() - timedelta(days=3))
    path = invite(owner, space, guest.email, django_capture_on_commit_callbacks)
    visitor = english_client()
    assert 'value="Gerda"' in visitor.get(path).content.decode()
    assert visitor.post(path, accept_form()).status_code == 302
    guest.refresh_from_db()
    assert guest.is_active and guest.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=guest).is_current()


# --- withdrawing and extending -------------------------------------------------------------------


def test_withdrawing_an_invitation(owner_client, owner, space, django_capture_on_commit_callbacks):
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    revoke = reverse("spaces:revoke_invitation", args=[space.slug, invitation.pk])

    member = UserFactory()
    add_member(space, member)
    assert english_client(member).post(revoke).status_code == 403  # neither moderator nor the inviter

    response = owner_client.post(revoke)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    gone = english_client().get(path)
    assert gone.status_code == 410
    assert "This invitation has been withdrawn." in gone.content.decode()
    assert owner_client.post(revoke).status_code == 404  # no longer open


def test_extending_guest_access(owner_client, owner, space):
    guest = GuestFactory()
    membership = add_member(space, guest, role=SpaceRole.GUEST)
    url = reverse("spaces:extend_guest", args=[space.slug, membership.pk])
    new_day = timezone.localdate() + timedelta(days=200)

    response = owner_client.post(url, {"until": new_day.isoformat()})
    assert response.status_code == 302
    assert response.url == reverse("spaces:members", args=[space.slug]) + "?rol=guest"
    membership.refresh_from_db()
    assert membership.expires_at == end_of_day(new_day)

    owner_client.post(url, {"until": "2001-01-01"})
    owner_client.post(url, {"until": "morgen"})
    membership.refresh_from_db()
    assert membership.expires_at == end_of_day(new_day)

    member = UserFactory()
    add_member(space, member)
    assert english_client(member).post(url, {"until": new_day.isoformat()}).status_code == 403


def test_extending_shows_what_went_wrong(owner_client, space):
    membership = add_member(space, GuestFactory(), role=SpaceRole.GUEST)
    url = reverse("spaces:extend_guest", args=[space.slug, membership.pk])
    response = owner_client.post(url, {"until": "2001-01-01"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Choose a date in the future." in messages
    response = owner_client.post(url, {"until": (date.today() + timedelta(days=1000)).isoformat()}, follow=True)
    assert "Guest access can be given for at most two years at a time." in [
        str(m) for m in response.context["messages"]
    ]


def test_the_extend_form_renders(owner, space):
    from django.template.loader import render_to_string

    membership = add_member(space, GuestFactory(), role=SpaceRole.GUEST)
    html = render_to_string("spaces/_extend_guest.html", {"space": space, "membership": membership})
    assert reverse("spaces:extend_guest", args=[space.slug, membership.pk]) in html
    assert 'type="date"' in html and 'name="until"' in html


# --- what a guest sees ---------------------------------------------------------------------------


def test_a_guest_sees_only_their_space(owner, space, django_capture_on_commit_callbacks):
    other_open = SpaceFactory(name="Open ruimte", owner=owner)
    path = invite(owner, space, "gerda@partner.example", django_capture_on_commit_callbacks)
    visitor = english_client()
    visitor.post(path, accept_form())

    assert visitor.get(space.get_absolute_url()).status_code == 200
    assert visitor.get(other_open.get_absolute_url()).status_code == 404
    assert visitor.get(reverse("spaces:members", args=[other_open.slug])).status_code == 404
    assert visitor.get(invite_url(space)).status_code == 403  # guests do not invite
    assert visitor.get(reverse("spaces:guests")).status_code == 404
    stranger = UserFactory()  # a colleague who shares no space with the guest
    for employee_page in ("/mensen/", f"/mensen/{stranger.pk}/", "/organisatie/", "/werkprocessen/"):
        assert visitor.get(employee_page).status_code == 404, employee_page
    assert visitor.get("/nieuws/").status_code == 200  # only news for the guest's spaces (tests/news)


# --- the administrators' guest list --------------------------------------------------------------


def guests_in(space, count: int, owner) -> None:
    now = timezone.now()
    for number in range(count):
        ends = now + timedelta(days=number * 3 - 2)  # some ended, some ending soon, some later
        add_member(space, GuestFactory(), role=SpaceRole.GUEST, invited_by=owner, expires_at=ends)


def test_the_guest_list_is_for_administrators_only(client, owner, space):
    guests_in(space, 2, owner)
    assert english_client(owner).get(reverse("spaces:guests")).status_code == 404
    guest = Membership.objects.filter(role=SpaceRole.GUEST).first().user
    guest.is_active = True
    guest.save()
    assert english_client(guest).get(reverse("spaces:guests")).status_code == 404
    assert client.get(reverse("spaces:guests")).status_code == 302


def test_the_guest_list_shows_every_guest_with_a_fixed_number_of_queries(
    owner, space, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    admin = english_client(UserFactory(is_superuser=True, is_staff=True))
    guests_in(space, 3, owner)
    invite(owner, space, "open@partner.example", django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(12) as few:
        page = admin.get(reverse("spaces:guests"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "open@partner.example" in html and "Wijkteam Noord" in html
    assert "ended" in html and "ends within a week" in html

    guests_in(SpaceFactory(owner=owner), 30, owner)
    for number in range(5):
        invite(owner, space, f"open{number}@partner.example", django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin.get(reverse("spaces:guests")).status_code == 200


def test_the_guest_list_filters_current_and_ended(owner, space):
    admin = english_client(UserFactory(is_superuser=True, is_staff=True))
    ended = add_member(
        space, GuestFactory(first_name="Verlopen"), role=SpaceRole.GUEST, expires_at=timezone.now() - timedelta(days=1)
    )
    current = add_member(space, GuestFactory(first_name="Actief"), role=SpaceRole.GUEST)
    html = admin.get(reverse("spaces:guests"), {"toegang": "huidig"}).content.decode()
    assert current.user.email in html and ended.user.email not in html
    html = admin.get(reverse("spaces:guests"), {"toegang": "verlopen"}).content.decode()
    assert ended.user.email in html and current.user.email not in html


def test_the_invite_page_runs_a_fixed_number_of_queries(
    owner_client, owner, space, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for number in range(2):
        invite(owner, space, f"a{number}@partner.example", django_capture_on_commit_callbacks)
    UserFactory(first_name="Anna")
    with django_assert_max_num_queries(20) as few:
        assert owner_client.get(invite_url(space), {"zoek": "anna"}).status_code == 200
    for number in range(10):
        invite(owner, space, f"b{number}@partner.example", django_capture_on_commit_callbacks)
        UserFactory(first_name="Anna")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert owner_client.get(invite_url(space), {"zoek": "anna"}).status_code == 200
