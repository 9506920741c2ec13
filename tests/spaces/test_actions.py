"""Spaces actions: each write checks its own permission, keeps ``member_count`` right and records its event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plein.accounts.models import User
from plein.core.dispatch import deliver_pending
from plein.core.events import AUDIENCE_ORG
from plein.core.models import Event
from plein.org.models import DepartmentKind
from plein.people import actions as people_actions
from plein.spaces import actions, permissions
from plein.spaces.actions import SpaceError
from plein.spaces.models import JoinRequest, Membership, RequestStatus, Space, SpaceRole
from tests.factories import DepartmentFactory, GuestFactory, LocationFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(owner):
    return actions.create_space(actor=owner, name="Wijkteam Noord", description="Samen de wijk.")


def fresh(user: User) -> User:
    """The user as a new request would load it: no remembered roles."""
    return User.objects.get(pk=user.pk)


def assert_count_right(space: Space) -> None:
    """``member_count`` is what counting current memberships of active people gives."""
    space.refresh_from_db()
    real = Membership.objects.filter(permissions.current_memberships(), space=space, user__is_active=True).count()
    assert space.member_count == real


def last_event(kind: str) -> Event:
    event = Event.objects.filter(kind=kind).order_by("-id").first()
    assert event is not None, f"no {kind} event"
    return event


def role_of(space: Space, user: User) -> str | None:
    return Membership.objects.filter(space=space, user=user).values_list("role", flat=True).first()


# --- creating and updating ---------------------------------------------------------------------


def test_the_creator_becomes_the_first_owner_and_the_event_is_recorded(owner, space):
    assert space.slug == "wijkteam-noord"
    assert space.created_by == owner
    assert role_of(space, owner) == SpaceRole.OWNER
    assert space.member_count == 1
    assert_count_right(space)
    event = last_event("space.created")
    assert event.actor == owner
    assert event.subject_id == str(space.pk)
    assert sorted(event.audience) == sorted([f"space:{space.pk}", AUDIENCE_ORG])


def test_slugs_are_unique_and_settings_outside_the_owner_fields_are_ignored(owner):
    department = DepartmentFactory()
    first = actions.create_space(actor=owner, name="Project Brug")
    second = actions.create_space(actor=owner, name="Project Brug", auto_department=department, member_count=99)
    third = actions.create_space(actor=owner, name="Project  brug!")
    assert (first.slug, second.slug, third.slug) == ("project-brug", "project-brug-2", "project-brug-3")
    second.refresh_from_db()
    assert second.auto_department is None and second.member_count == 1
    assert actions.create_space(actor=owner, name="???").slug == "ruimte"


def test_a_secret_space_is_announced_to_its_members_only(owner):
    secret = actions.create_space(actor=owner, name="Reorganisatie", visibility="secret")
    assert last_event("space.created").audience == [f"space:{secret.pk}"]


def test_invalid_settings_are_refused_and_nothing_is_saved(owner):
    with pytest.raises(ValidationError):
        actions.create_space(actor=owner, name="Geheim", visibility="invisible")
    with pytest.raises(ValidationError):
        actions.create_space(actor=owner, name="")
    assert not Space.objects.exists() and not Membership.objects.exists()


def test_guests_and_deactivated_employees_cannot_create_spaces(guest):
    gone = UserFactory(is_active=False)
    for person in (guest, gone):
        with pytest.raises(PermissionDenied):
            actions.create_space(actor=person, name="Mijn ruimte")
    assert not Space.objects.exists()


def test_owner_updates_settings_members_and_moderators_may_not(space, owner, colleague):
    moderator = UserFactory()
    add_member(space, moderator, role=SpaceRole.MODERATOR)
    add_member(space, colleague)
    for person in (colleague, moderator, UserFactory()):
        with pytest.raises(PermissionDenied):
            actions.update_space(actor=fresh(person), space=space, changes={"name": "Overgenomen"})

    actions.update_space(
        actor=fresh(owner), space=space, changes={"name": "Wijkteam Noord-Oost", "visibility": "closed"}
    )
    space.refresh_from_db()
    assert (space.name, space.visibility) == ("Wijkteam Noord-Oost", "closed")
    assert space.slug == "wijkteam-noord"  # links keep working
    event = last_event("space.updated")
    assert event.actor == owner and event.payload == {"fields": ["name", "visibility"]}


def test_automatic_membership_rules_are_for_administrators_only(space, owner, admin):
    department = DepartmentFactory()
    in_department = UserFactory()
    in_department.profile.department = department
    in_department.profile.save()

    actions.update_space(actor=fresh(owner), space=space, changes={"auto_department": department, "member_count": 7})
    space.refresh_from_db()
    assert space.auto_department is None and space.member_count == 1
    assert last_event("space.updated").payload == {"fields": []}

    actions.update_space(actor=admin, space=space, changes={"auto_department": department})
    space.refresh_from_db()
    assert space.auto_department == department
    assert Membership.objects.get(space=space, user=in_department).automatic
    assert space.member_count == 2
    assert_count_right(space)


def test_a_failed_update_saves_nothing(space, owner):
    with pytest.raises(ValidationError):
        actions.update_space(actor=fresh(owner), space=space, changes={"name": "Nieuw", "join_policy": "never"})
    space.refresh_from_db()
    assert space.name == "Wijkteam Noord"
    assert not Event.objects.filter(kind="space.updated").exists()


# --- joining ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "policy", "archived", "may_join"),
    [
        ("open", "anyone", False, True),
        ("closed", "anyone", False, True),
        ("open", "request", False, False),
        ("closed", "invitation", False, False),
        ("secret", "anyone", False, False),
        ("open", "anyone", True, False),
    ],
)
def test_join_follows_the_policies(owner, colleague, visibility, policy, archived, may_join):
    space = SpaceFactory(
        owner=owner, visibility=visibility, join_policy=policy, archived_at=timezone.now() if archived else None
    )
    if may_join:
        membership = actions.join_space(actor=colleague, space=space)
        assert membership.role == SpaceRole.MEMBER and not membership.automatic
        assert_count_right(space)
        assert space.member_count == 2
        assert last_event("space.member_joined").actor == colleague
    else:
        with pytest.raises(SpaceError):
            actions.join_space(actor=colleague, space=space)
        assert role_of(space, colleague) is None


def test_members_and_guests_cannot_join(space, owner, guest):
    with pytest.raises(SpaceError):
        actions.join_space(actor=fresh(owner), space=space)
    with pytest.raises(SpaceError):
        actions.join_space(actor=guest, space=space)
    assert_count_right(space)


# --- asking to join --------------------------------------------------------------------------


@pytest.fixture
def on_request(owner):
    space = SpaceFactory(owner=owner, visibility="closed", join_policy="request")
    return space


def test_request_approve_adds_the_member(on_request, owner, colleague):
    moderator = UserFactory()
    add_member(on_request, moderator, role=SpaceRole.MODERATOR)
    add_member(on_request, UserFactory())  # a plain member is not asked

    request = actions.request_to_join(actor=colleague, space=on_request, message="  Ik doe graag mee.  ")
    assert request.status == RequestStatus.PENDING and request.message == "Ik doe graag mee."
    event = last_event("space.join_requested")
    assert sorted(event.audience) == sorted([f"user:{owner.pk}", f"user:{moderator.pk}"])
    assert event.payload == {"space": on_request.pk}

    decided = actions.decide_request(actor=fresh(moderator), request=request, approve=True, response="Welkom!")
    assert (decided.status, decided.decided_by, decided.response) == (RequestStatus.APPROVED, moderator, "Welkom!")
    membership = Membership.objects.get(space=on_request, user=colleague)
    assert membership.role == SpaceRole.MEMBER and membership.invited_by == moderator
    assert_count_right(on_request)
    event = last_event("space.request_decided")
    assert event.audience == [f"user:{colleague.pk}"]
    assert event.payload == {"space": on_request.pk, "approved": True}


def test_a_declined_request_adds_nobody_and_may_be_asked_again(on_request, owner, colleague):
    request = actions.request_to_join(actor=colleague, space=on_request)
    actions.decide_request(actor=fresh(owner), request=request, approve=False, response="Alleen voor het team.")
    request.refresh_from_db()
    assert (request.status, request.response) == (RequestStatus.DECLINED, "Alleen voor het team.")
    assert role_of(on_request, colleague) is None
    assert last_event("space.request_decided").payload["approved"] is False
    assert_count_right(on_request)
    again = actions.request_to_join(actor=colleague, space=on_request)
    assert again.pk != request.pk


def test_a_request_cannot_be_made_twice_or_answered_twice(on_request, owner, colleague):
    request = actions.request_to_join(actor=colleague, space=on_request)
    with pytest.raises(SpaceError):
        actions.request_to_join(actor=colleague, space=on_request)
    assert JoinRequest.objects.filter(space=on_request, user=colleague).count() == 1
    actions.decide_request(actor=fresh(owner), request=request, approve=True)
    for approve in (True, False):
        with pytest.raises(SpaceError):
            actions.decide_request(actor=fresh(owner), request=request, approve=approve)
    assert Event.objects.filter(kind="space.request_decided").count() == 1
    assert Membership.objects.filter(space=on_request, user=colleague).count() == 1


def test_only_moderators_decide(on_request, owner, colleague, admin):
    member = UserFactory()
    add_member(on_request, member)
    request = actions.request_to_join(actor=colleague, space=on_request)
    for person in (member, colleague, UserFactory()):
        with pytest.raises(PermissionDenied):
            actions.decide_request(actor=fresh(person), request=request, approve=True)
    actions.decide_request(actor=admin, request=request, approve=True)
    assert role_of(on_request, colleague) == SpaceRole.MEMBER


def test_who_may_ask_to_join(owner, colleague, guest):
    anyone = SpaceFactory(owner=owner)
    secret = SpaceFactory(owner=owner, visibility="secret", join_policy="request")
    archived = SpaceFactory(owner=owner, join_policy="request", archived_at=timezone.now())
    on_request = SpaceFactory(owner=owner, join_policy="request")
    for space in (anyone, secret, archived):
        with pytest.raises(SpaceError):
            actions.request_to_join(actor=colleague, space=space)
    for person in (guest, fresh(owner)):
        with pytest.raises(SpaceError):
            actions.request_to_join(actor=person, space=on_request)
    assert not JoinRequest.objects.exists()


def test_approving_a_deactivated_colleague_adds_nobody(on_request, owner, colleague):
    request = actions.request_to_join(actor=colleague, space=on_request)
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    request = JoinRequest.objects.get(pk=request.pk)
    actions.decide_request(actor=fresh(owner), request=request, approve=True)
    assert role_of(on_request, colleague) is None
    assert_count_right(on_request)


def test_withdraw_a_request(on_request, owner, colleague):
    request = actions.request_to_join(actor=colleague, space=on_request)
    with pytest.raises(PermissionDenied):
        actions.withdraw_request(actor=fresh(owner), request=request)
    actions.withdraw_request(actor=colleague, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN and request.decided_at is not None
    with pytest.raises(PermissionDenied):
        actions.withdraw_request(actor=colleague, request=request)
    with pytest.raises(SpaceError):
        actions.decide_request(actor=fresh(owner), request=request, approve=True)
    assert role_of(on_request, colleague) is None
    actions.request_to_join(actor=colleague, space=on_request)  # a new request is possible


# --- adding colleagues -------------------------------------------------------------------------


def test_moderators_add_colleagues_who_are_told(space, owner, colleague):
    second = UserFactory()
    add_member(space, second)
    added = actions.add_members(actor=fresh(owner), space=space, people=[colleague, fresh(second)])
    assert [m.user_id for m in added] == [colleague.pk]  # the member already there is skipped
    membership = Membership.objects.get(space=space, user=colleague)
    assert membership.invited_by == owner and membership.role == SpaceRole.MEMBER
    assert_count_right(space)
    event = last_event("space.members_added")
    assert event.audience == [f"user:{colleague.pk}"] and event.payload == {"users": [colleague.pk]}
    assert actions.add_members(actor=fresh(owner), space=space, people=[fresh(colleague)]) == []
    assert Event.objects.filter(kind="space.members_added").count() == 1


def test_guests_and_deactivated_people_cannot_be_added_by_name(space, owner, colleague, guest):
    gone = UserFactory(is_active=False)
    for person in (guest, gone):
        with pytest.raises(SpaceError):
            actions.add_members(actor=fresh(owner), space=space, people=[colleague, person])
    # All or nothing: the colleague before them in the list was not added either.
    assert role_of(space, colleague) is None
    assert_count_right(space)


def test_who_may_add_colleagues(space, owner, colleague, guest):
    member = UserFactory()
    add_member(space, member)
    add_member(space, guest, role=SpaceRole.GUEST)
    outsider = UserFactory()
    actions.add_members(actor=fresh(member), space=space, people=[colleague])  # members may invite by default
    actions.update_space(actor=fresh(owner), space=space, changes={"members_can_invite": False})
    for person in (member, guest, outsider):
        with pytest.raises(PermissionDenied):
            actions.add_members(actor=fresh(person), space=space, people=[UserFactory()])
    actions.archive_space(actor=fresh(owner), space=space)
    with pytest.raises(PermissionDenied):
        actions.add_members(actor=fresh(owner), space=space, people=[outsider])


# --- leaving -----------------------------------------------------------------------------------


def test_leave(space, colleague):
    actions.join_space(actor=colleague, space=space)
    actions.leave_space(actor=colleague, space=space)
    assert role_of(space, colleague) is None
    assert not permissions.is_member(colleague, space)  # the remembered roles were dropped
    assert_count_right(space)
    assert last_event("space.member_left").actor == colleague
    with pytest.raises(SpaceError):
        actions.leave_space(actor=colleague, space=space)


def test_the_last_owner_cannot_leave(space, owner, colleague):
    with pytest.raises(SpaceError):
        actions.leave_space(actor=fresh(owner), space=space)
    # A deactivated co-owner does not count.
    gone = UserFactory()
    add_member(space, gone, role=SpaceRole.OWNER)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    with pytest.raises(SpaceError):
        actions.leave_space(actor=fresh(owner), space=space)
    add_member(space, colleague, role=SpaceRole.OWNER)
    actions.leave_space(actor=fresh(owner), space=space)
    assert role_of(space, owner) is None


def test_an_automatic_membership_cannot_be_left(space, colleague):
    add_member(space, colleague, automatic=True)
    with pytest.raises(SpaceError):
        actions.leave_space(actor=fresh(colleague), space=space)
    assert role_of(space, colleague) == SpaceRole.MEMBER


# --- roles -------------------------------------------------------------------------------------


def test_owner_changes_roles(space, owner, colleague):
    membership = add_member(space, colleague)
    changed = actions.change_role(actor=fresh(owner), membership=membership, role=SpaceRole.MODERATOR)
    assert changed.role == SpaceRole.MODERATOR
    assert permissions.can_moderate(fresh(colleague), space)
    event = last_event("space.role_changed")
    assert event.audience == [f"user:{colleague.pk}"]
    assert event.payload == {"user": colleague.pk, "role": "moderator"}
    # A moderator does not change roles.
    other = add_member(space, UserFactory())
    with pytest.raises(PermissionDenied):
        actions.change_role(actor=fresh(colleague), membership=other, role=SpaceRole.MODERATOR)
    with pytest.raises(PermissionDenied):
        actions.change_role(actor=fresh(owner), membership=other, role="emperor")


def test_the_last_owner_cannot_be_demoted(space, owner, colleague):
    mine = Membership.objects.get(space=space, user=owner)
    with pytest.raises(SpaceError):
        actions.change_role(actor=fresh(owner), membership=mine, role=SpaceRole.MEMBER)
    assert role_of(space, owner) == SpaceRole.OWNER
    theirs = add_member(space, colleague)
    actions.change_role(actor=fresh(owner), membership=theirs, role=SpaceRole.OWNER)
    actions.change_role(actor=fresh(owner), membership=mine, role=SpaceRole.MEMBER)
    assert role_of(space, owner) == SpaceRole.MEMBER
    assert not permissions.can_manage(fresh(owner), space)


def test_a_guest_stays_a_guest_and_a_colleague_never_becomes_one(space, owner, colleague, guest):
    guest_membership = add_member(space, guest, role=SpaceRole.GUEST)
    member = add_member(space, colleague)
    for role in (SpaceRole.MEMBER, SpaceRole.MODERATOR, SpaceRole.OWNER):
        with pytest.raises(SpaceError):
            actions.change_role(actor=fresh(owner), membership=guest_membership, role=role)
    with pytest.raises(SpaceError):
        actions.change_role(actor=fresh(owner), membership=member, role=SpaceRole.GUEST)
    assert (role_of(space, guest), role_of(space, colleague)) == (SpaceRole.GUEST, SpaceRole.MEMBER)


def test_a_role_given_by_hand_makes_an_automatic_membership_deliberate(space, owner, admin, colleague):
    department = DepartmentFactory()
    colleague.profile.department = department
    colleague.profile.save()
    actions.update_space(actor=admin, space=space, changes={"auto_department": department})
    membership = Membership.objects.get(space=space, user=colleague)
    assert membership.automatic
    changed = actions.change_role(actor=fresh(owner), membership=membership, role=SpaceRole.MODERATOR)
    assert not changed.automatic
    # Leaving the department (the rule) no longer removes them.
    actions.update_space(actor=admin, space=space, changes={"auto_department": None})
    assert role_of(space, colleague) == SpaceRole.MODERATOR


# --- removing members ----------------------------------------------------------------------------


def test_moderators_remove_members_and_guests_but_not_owners_or_moderators(space, owner, colleague, guest):
    moderator = UserFactory()
    add_member(space, moderator, role=SpaceRole.MODERATOR)
    other_moderator = add_member(space, UserFactory(), role=SpaceRole.MODERATOR)
    member = add_member(space, colleague)
    guest_membership = add_member(space, guest, role=SpaceRole.GUEST)
    owner_membership = Membership.objects.get(space=space, user=owner)

    for protected in (owner_membership, other_moderator):
        with pytest.raises(PermissionDenied):
            actions.remove_member(actor=fresh(moderator), membership=protected)
    actions.remove_member(actor=fresh(moderator), membership=member)
    actions.remove_member(actor=fresh(moderator), membership=guest_membership)
    assert role_of(space, colleague) is None and role_of(space, guest) is None
    assert_count_right(space)
    event = last_event("space.member_removed")
    assert event.audience == [f"user:{guest.pk}"] and event.payload == {"user": guest.pk}

    actions.remove_member(actor=fresh(owner), membership=other_moderator)
    with pytest.raises(SpaceError):
        actions.remove_member(actor=fresh(owner), membership=owner_membership)
    assert_count_right(space)


def test_members_and_outsiders_remove_nobody(space, owner, colleague):
    member = add_member(space, colleague)
    other = add_member(space, UserFactory())
    for person in (colleague, UserFactory()):
        with pytest.raises(PermissionDenied):
            actions.remove_member(actor=fresh(person), membership=other)
    assert Membership.objects.filter(pk__in=[member.pk, other.pk]).count() == 2


# --- guest access ------------------------------------------------------------------------------


def test_extend_guest_access(space, owner, colleague, guest):
    membership = add_member(space, guest, role=SpaceRole.GUEST, expiry_reminded_at=timezone.now())
    until = timezone.now() + timedelta(days=200)
    actions.extend_guest_access(actor=fresh(owner), membership=membership, until=until)
    membership.refresh_from_db()
    assert membership.expires_at == until and membership.expiry_reminded_at is None
    event = last_event("space.guest_extended")
    assert event.audience == [f"user:{guest.pk}"] and event.payload == {"user": guest.pk, "until": until.isoformat()}

    for bad in (timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=800)):
        with pytest.raises(SpaceError):
            actions.extend_guest_access(actor=fresh(owner), membership=membership, until=bad)
    member = add_member(space, colleague)
    with pytest.raises(PermissionDenied):
        actions.extend_guest_access(actor=fresh(owner), membership=member, until=until)
    with pytest.raises(PermissionDenied):
        actions.extend_guest_access(actor=fresh(colleague), membership=membership, until=until)


def test_an_ended_guest_membership_can_be_extended_back_to_life(space, owner, guest):
    membership = add_member(space, guest, role=SpaceRole.GUEST, expires_at=timezone.now() - timedelta(hours=1))
    assert not permissions.is_member(fresh(guest), space)
    actions.extend_guest_access(actor=fresh(owner), membership=membership, until=timezone.now() + timedelta(days=5))
    assert permissions.is_member(fresh(guest), space)


# --- archiving and deleting ----------------------------------------------------------------------


def test_archive_and_restore(space, owner, colleague, admin):
    add_member(space, colleague)
    with pytest.raises(PermissionDenied):
        actions.archive_space(actor=fresh(colleague), space=space)
    actions.archive_space(actor=fresh(owner), space=space)
    space.refresh_from_db()
    assert space.is_archived
    assert last_event("space.archived").actor == owner
    assert not permissions.can_post(fresh(colleague), space)
    assert not permissions.can_join(UserFactory(), space)
    with pytest.raises(PermissionDenied):
        actions.restore_space(actor=fresh(colleague), space=space)
    actions.restore_space(actor=admin, space=space)
    space.refresh_from_db()
    assert not space.is_archived
    assert last_event("space.restored").actor == admin
    assert permissions.can_post(fresh(colleague), space)


def test_only_administrators_delete_after_typing_the_name(space, owner, colleague, admin):
    add_member(space, colleague)
    with pytest.raises(PermissionDenied):
        actions.delete_space(actor=fresh(owner), space=space, confirm_name=space.name)
    with pytest.raises(SpaceError):
        actions.delete_space(actor=admin, space=space, confirm_name="wijkteam noord")
    assert Space.objects.filter(pk=space.pk).exists()
    pk = space.pk
    actions.delete_space(actor=admin, space=space, confirm_name="  Wijkteam Noord ")
    assert not Space.objects.filter(pk=pk).exists()
    assert not Membership.objects.filter(space_id=pk).exists()
    event = last_event("space.deleted")
    assert event.actor == admin and event.subject_id == str(pk) and event.payload == {"name": "Wijkteam Noord"}


# --- automatic membership ------------------------------------------------------------------------


@pytest.fixture
def org(db):
    root = DepartmentFactory(name="Gemeente", kind=DepartmentKind.ORGANISATION)
    social = DepartmentFactory(name="Sociaal Domein", parent=root)
    team = DepartmentFactory(name="Team Jeugd", kind=DepartmentKind.TEAM, parent=social)
    other = DepartmentFactory(name="Ruimte", parent=root)
    town_hall = LocationFactory(name="Stadhuis")
    return {"root": root, "social": social, "team": team, "other": other, "town_hall": town_hall}


def person_in(department=None, location=None, **extra) -> User:
    person = (GuestFactory if extra.pop("guest", False) else UserFactory)(**extra)
    person.profile.department, person.profile.location = department, location
    person.profile.save()
    return person


def members_of(space: Space) -> dict[int, bool]:
    """User id -> automatic, for every membership."""
    return dict(Membership.objects.filter(space=space).values_list("user_id", "automatic"))


def test_sync_follows_the_department_subtree_and_the_location(space, owner, admin, org):
    in_social = person_in(org["social"])
    in_team = person_in(org["team"])
    elsewhere = person_in(org["other"])
    at_town_hall = person_in(org["other"], org["town_hall"])
    person_in(org["team"], is_active=False)
    person_in(org["team"], guest=True)

    actions.update_space(actor=admin, space=space, changes={"auto_department": org["social"]})
    assert members_of(space) == {owner.pk: False, in_social.pk: True, in_team.pk: True}
    assert_count_right(space)
    event = last_event("space.auto_synced")
    assert event.payload == {"added": 2, "removed": 0} and event.audience == [f"space:{space.pk}"]

    space.refresh_from_db()
    space.auto_department, space.auto_location = org["team"], org["town_hall"]
    space.save()
    assert actions.sync_auto_memberships(space=space) == (1, 1)
    assert members_of(space) == {owner.pk: False, in_team.pk: True, at_town_hall.pk: True}
    assert elsewhere.pk not in members_of(space)
    assert_count_right(space)
    assert actions.sync_auto_memberships(space=space) == (0, 0)  # nothing to do, no event
    assert Event.objects.filter(kind="space.auto_synced").count() == 2


def test_people_who_joined_themselves_stay_when_the_rule_no_longer_covers_them(space, owner, admin, org):
    joined = person_in(org["team"])
    actions.join_space(actor=joined, space=space)  # before the rule existed
    moved = person_in(org["team"])
    actions.update_space(actor=admin, space=space, changes={"auto_department": org["team"]})
    assert members_of(space) == {owner.pk: False, joined.pk: False, moved.pk: True}

    actions.update_space(actor=admin, space=space, changes={"auto_department": org["other"]})
    assert members_of(space) == {owner.pk: False, joined.pk: False}
    assert_count_right(space)


def test_a_move_reported_by_profile_updated_adds_and_removes_the_person(space, admin, org):
    actions.update_space(actor=admin, space=space, changes={"auto_department": org["social"]})
    deliver_pending()
    person = person_in(org["other"])
    manual = person_in(org["team"])
    actions.join_space(actor=manual, space=space)

    people_actions.update_profile(actor=person, profile=person.profile, changes={"department": org["team"]})
    assert person.pk not in members_of(space)  # the consumer does it, after the change is committed
    deliver_pending()
    assert members_of(space)[person.pk] is True
    assert_count_right(space)

    # A change that is not a move leaves memberships alone.
    people_actions.update_profile(actor=fresh(person), profile=person.profile, changes={"phone": "0612345678"})
    deliver_pending()
    assert members_of(space)[person.pk] is True

    for who in (person, manual):
        people_actions.update_profile(actor=fresh(who), profile=who.profile, changes={"department": org["other"]})
    deliver_pending()
    assert person.pk not in members_of(space)
    assert members_of(space)[manual.pk] is False  # joined by hand: kept
    assert_count_right(space)


def test_a_location_move_is_picked_up_too(space, admin, org):
    actions.update_space(actor=admin, space=space, changes={"auto_location": org["town_hall"]})
    person = person_in(org["other"])
    people_actions.update_profile(actor=person, profile=person.profile, changes={"location": org["town_hall"]})
    deliver_pending()
    assert members_of(space)[person.pk] is True
    assert_count_right(space)


def test_member_count_stays_right_through_a_whole_story(space, owner, admin, colleague, guest, org):
    counts = []

    def check() -> None:
        assert_count_right(space)
        counts.append(space.member_count)

    actions.join_space(actor=colleague, space=space)
    check()
    actions.add_members(actor=fresh(owner), space=space, people=[UserFactory(), UserFactory()])
    check()
    guest_membership = add_member(space, guest, role=SpaceRole.GUEST)
    actions.remove_member(actor=fresh(owner), membership=guest_membership)
    check()
    actions.update_space(actor=admin, space=space, changes={"auto_department": org["team"]})
    person_in(org["team"])
    deliver_pending()
    actions.sync_auto_memberships(space=space)
    check()
    actions.leave_space(actor=fresh(colleague), space=space)
    check()
    assert counts == [2, 4, 4, 5, 4]


def test_an_automatic_member_cannot_be_removed_by_hand(space, owner, colleague):
    membership = add_member(space, colleague, automatic=True)
    with pytest.raises(SpaceError):
        actions.remove_member(actor=owner, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()
