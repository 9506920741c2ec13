"""The worker's periodic review of guest access: reminders before the end, and the end itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from plein.accounts.models import User
from plein.core.dispatch import deliver_pending
from plein.core.models import Event
from plein.notifications.models import Notification
from plein.notifications.texts import text_for
from plein.spaces import invitations, permissions, tasks
from plein.spaces.models import Membership, SpaceRole
from tests.factories import PASSWORD, GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db

NOTHING = {"reminded": 0, "ended": 0, "deactivated": 0}


@pytest.fixture
def moderator(db):
    return UserFactory(first_name="Mo", last_name="Derator")


@pytest.fixture
def space(owner, moderator):
    space = SpaceFactory(name="Wijkteam Noord", owner=owner)
    add_member(space, moderator, role=SpaceRole.MODERATOR)
    add_member(space, UserFactory())  # a plain member gets no reminder
    return space


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


def test_moderators_are_reminded_once_a_week_before_a_guest_access_ends(space, owner, moderator):
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    soon = add_member(space, guest, role=SpaceRole.GUEST, expires_at=in_days(3))
    later = add_member(space, GuestFactory(), role=SpaceRole.GUEST, expires_at=in_days(30))

    assert tasks.review_guest_access() == {**NOTHING, "reminded": 1}
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.expiry_reminded_at is not None and later.expiry_reminded_at is None
    event = Event.objects.get(kind="space.guest_expiring")
    assert sorted(event.audience) == sorted([f"user:{owner.pk}", f"user:{moderator.pk}"])
    assert event.payload == {"user": guest.pk, "membership": soon.pk}

    deliver_pending()
    found = Notification.objects.filter(kind="space_guest_expiring").order_by("recipient_id")
    assert [n.recipient_id for n in found] == sorted([owner.pk, moderator.pk])
    notification = found[0]
    assert notification.url == reverse("spaces:members", args=[space.slug]) + "?rol=guest"
    assert notification.params == {"space": "Wijkteam Noord", "name": "Gijs Extern"}
    with translation.override("en"):
        assert text_for(notification) == "The guest access of Gijs Extern to “Wijkteam Noord” ends within a week."

    # A second run, or a second worker, reminds nobody again.
    assert tasks.review_guest_access() == NOTHING
    deliver_pending()
    assert Notification.objects.filter(kind="space_guest_expiring").count() == 2
    assert Event.objects.filter(kind="space.guest_expiring").count() == 1
    assert Membership.objects.filter(pk__in=[soon.pk, later.pk]).count() == 2  # nothing ended yet


def test_access_that_has_ended_is_removed_and_the_guest_without_spaces_deactivated(space, owner):
    alone = GuestFactory()
    elsewhere = GuestFactory()
    other_space = SpaceFactory(owner=owner)
    ended = add_member(space, alone, role=SpaceRole.GUEST, expires_at=in_days(-1))
    add_member(space, elsewhere, role=SpaceRole.GUEST, expires_at=in_days(-0.01))
    add_member(other_space, elsewhere, role=SpaceRole.GUEST, expires_at=in_days(60))
    space.refresh_from_db()
    assert space.member_count == 5  # the factory counted the ended ones too

    assert tasks.review_guest_access() == {"reminded": 0, "ended": 2, "deactivated": 1}
    assert not Membership.objects.filter(space=space, user__in=[alone, elsewhere]).exists()
    space.refresh_from_db()
    assert space.member_count == 3
    events = Event.objects.filter(kind="space.guest_ended").order_by("id")
    assert [e.payload["user"] for e in events] == [alone.pk, elsewhere.pk]
    assert events[0].audience == [f"user:{alone.pk}"] and events[0].subject_id == str(space.pk)
    assert not User.objects.get(pk=alone.pk).is_active
    assert User.objects.get(pk=elsewhere.pk).is_active  # still a guest in the other space
    assert Membership.objects.filter(pk=ended.pk).count() == 0

    # Idempotent: the next run finds nothing to do.
    assert tasks.review_guest_access() == NOTHING
    assert Event.objects.filter(kind="space.guest_ended").count() == 2


def test_guests_keep_access_until_the_moment_it_ends(space):
    guest = GuestFactory()
    add_member(space, guest, role=SpaceRole.GUEST, expires_at=in_days(1), expiry_reminded_at=timezone.now())
    assert tasks.review_guest_access() == NOTHING
    assert permissions.is_member(User.objects.get(pk=guest.pk), space)


def test_colleagues_without_spaces_are_never_deactivated(space):
    loner = UserFactory()
    assert tasks.review_guest_access() == NOTHING
    assert User.objects.get(pk=loner.pk).is_active


def test_a_new_invitation_brings_a_deactivated_guest_back(space, owner):
    guest = GuestFactory(first_name="Gijs", last_name="Extern", email="gijs@partner.nl")
    add_member(space, guest, role=SpaceRole.GUEST, expires_at=in_days(-2))
    tasks.review_guest_access()
    guest.refresh_from_db()
    assert not guest.is_active

    invitation = invitations.invite_guest(actor=owner, space=space, email="Gijs@Partner.nl")
    membership = invitations.accept_invitation(
        invitation=invitation, first_name="Gijs", last_name="Extern", password=PASSWORD
    )
    guest.refresh_from_db()
    assert guest.is_active and guest.check_password(PASSWORD)
    assert User.objects.filter(email__iexact="gijs@partner.nl").count() == 1  # the same account
    assert (membership.user_id, membership.role) == (guest.pk, SpaceRole.GUEST)
    assert membership.expires_at == invitation.access_until
    assert permissions.is_member(guest, space)
    space.refresh_from_db()
    assert space.member_count == 4
    # The worker leaves the guest alone now: there is a space again.
    assert tasks.review_guest_access() == NOTHING
    assert User.objects.get(pk=guest.pk).is_active
