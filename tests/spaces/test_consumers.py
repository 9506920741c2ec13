"""The spaces consumer of the event spine: who is told what, with the names the text needs."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from plein.core.dispatch import deliver_pending
from plein.core.events import record_event
from plein.core.models import Event
from plein.notifications.models import Notification
from plein.notifications.texts import text_for
from plein.spaces import actions, consumers, invitations
from plein.spaces.models import Membership, SpaceRole
from tests.factories import PASSWORD, DepartmentFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def moderator(db):
    return UserFactory(first_name="Mo", last_name="Derator")


@pytest.fixture
def space(owner, moderator):
    space = SpaceFactory(name="Wijkteam Noord", owner=owner, visibility="closed", join_policy="request")
    add_member(space, moderator, role=SpaceRole.MODERATOR)
    add_member(space, UserFactory())  # a plain member is told nothing
    return space


def notifications(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


def test_a_join_request_is_sent_to_every_moderator(space, owner, moderator, colleague):
    actions.request_to_join(actor=colleague, space=space, message="Mag ik erbij?")
    deliver_pending()
    found = notifications("space_join_requested")
    assert [n.recipient_id for n in found] == sorted([owner.pk, moderator.pk])
    for notification in found:
        assert notification.url == reverse("spaces:requests", args=[space.slug])
        assert notification.params == {"name": "Pieter Bakker", "space": "Wijkteam Noord"}
        assert text_for(notification) == "Pieter Bakker asks to join “Wijkteam Noord”."
    assert not Notification.objects.filter(recipient=colleague).exists()


@pytest.mark.parametrize(
    ("approve", "kind", "text"),
    [
        (True, "space_request_approved", "You are now a member of “Wijkteam Noord”."),
        (False, "space_request_declined", "Your request to join “Wijkteam Noord” was declined."),
    ],
)
def test_the_requester_hears_the_decision(space, moderator, colleague, approve, kind, text):
    request = actions.request_to_join(actor=colleague, space=space)
    deliver_pending()
    actions.decide_request(actor=moderator, request=request, approve=approve)
    deliver_pending()
    (notification,) = Notification.objects.filter(kind__startswith="space_request_")
    assert (notification.recipient_id, notification.kind) == (colleague.pk, kind)
    assert notification.url == space.get_absolute_url()
    assert notification.params == {"space": "Wijkteam Noord", "name": "Mo Derator"}
    assert text_for(notification) == text


def test_a_colleague_added_by_name_is_told_by_whom(space, moderator, colleague):
    second = UserFactory(first_name="Sara")
    actions.add_members(actor=moderator, space=space, people=[colleague, second])
    deliver_pending()
    found = notifications("space_added")
    assert [n.recipient_id for n in found] == sorted([colleague.pk, second.pk])
    assert found[0].url == space.get_absolute_url()
    assert found[0].params == {"space": "Wijkteam Noord", "name": "Mo Derator"}
    assert text_for(found[0]) == "Mo Derator added you to “Wijkteam Noord”."


def test_the_inviter_hears_that_the_guest_joined(space, moderator):
    invitation = invitations.invite_guest(actor=moderator, space=space, email="gijs@partner.nl")
    invitations.accept_invitation(invitation=invitation, first_name="Gijs", last_name="Extern", password=PASSWORD)
    deliver_pending()
    (notification,) = notifications("space_guest_joined")
    assert notification.recipient_id == moderator.pk
    assert notification.url == space.get_absolute_url()
    assert notification.params == {"space": "Wijkteam Noord", "name": "Gijs Extern"}
    assert text_for(notification) == "Gijs Extern accepted your invitation to “Wijkteam Noord”."


def test_a_changed_role_is_told_to_the_person(space, owner, colleague):
    membership = add_member(space, colleague)
    actions.change_role(actor=owner, membership=membership, role=SpaceRole.MODERATOR)
    deliver_pending()
    (notification,) = notifications("space_role_changed")
    assert notification.recipient_id == colleague.pk
    assert notification.params == {"space": "Wijkteam Noord", "name": "Olga Eigenaar", "role": "moderator"}
    assert text_for(notification) == "Your role in “Wijkteam Noord” has changed."


def test_delivering_an_event_twice_notifies_once(space, colleague):
    actions.request_to_join(actor=colleague, space=space)
    event = Event.objects.get(kind="space.join_requested")
    consumers.handle(event)
    consumers.handle(event)
    assert len(notifications("space_join_requested")) == 2  # owner and moderator, once each


def test_an_event_about_something_deleted_meanwhile_is_skipped(space, colleague, owner):
    request = actions.request_to_join(actor=colleague, space=space)
    actions.decide_request(actor=owner, request=request, approve=True)
    space.delete()
    deliver_pending()
    assert not Notification.objects.filter(kind__startswith="space_").exists()


def test_an_hr_import_syncs_every_space_with_a_rule(space, owner):
    department = DepartmentFactory()
    person = UserFactory()
    person.profile.department = department
    person.profile.save()
    space.auto_department = department
    space.save()
    other = SpaceFactory(owner=owner)  # no rule: untouched
    with transaction.atomic():
        record_event(kind="people.imported", payload={})
    deliver_pending()
    assert Membership.objects.get(space=space, user=person).automatic
    assert not Membership.objects.filter(space=other, user=person).exists()
