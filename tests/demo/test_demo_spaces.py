"""The demo's spaces: policies mixed, counts right, demo accounts with something to do, one guest."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count
from django.utils import timezone

from plein.accounts.models import User
from plein.demo.generate import DEMO_ACCOUNTS, DEMO_GUEST, DEMO_PASSWORD, generate
from plein.demo.plan import build_plan
from plein.demo.plan_spaces import SPACE_COUNTS, build_space_plan
from plein.demo.space_vocabulary import FIXED_SPACES
from plein.demo.vocabulary import DIRECTORATES
from plein.spaces import selectors
from plein.spaces.actions import sync_auto_memberships
from plein.spaces.models import JoinRequest, Membership, RequestStatus, Space, SpaceKind, SpaceRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate(size="small", seed=1)


def spaces_fingerprint() -> list[tuple[object, ...]]:
    spaces = sorted(Space.objects.values_list("slug", "name", "kind", "visibility", "join_policy", "member_count"))
    members = sorted(Membership.objects.values_list("space__slug", "user__email", "role"))
    return [*spaces, *members]


def test_small_demo_has_about_40_spaces_of_every_kind(demo):
    assert Space.objects.count() == SPACE_COUNTS["small"] == 40
    kinds = Counter(Space.objects.values_list("kind", flat=True))
    assert set(kinds) == set(SpaceKind.values)
    assert {spec.name for spec in FIXED_SPACES} <= set(Space.objects.values_list("name", flat=True))


def test_policies_are_mixed_mostly_open(demo):
    visibility = Counter(Space.objects.values_list("visibility", flat=True))
    joining = Counter(Space.objects.values_list("join_policy", flat=True))

    assert visibility["open"] > visibility["closed"] > visibility["secret"] > 0
    assert set(joining) == {"anyone", "request", "invitation"}
    announcements = Space.objects.get(name="Mededelingen")
    assert announcements.posting == "moderators"
    assert Space.objects.filter(archived_at__isnull=False).exists()


def test_member_count_is_the_number_of_memberships(demo):
    for space in Space.objects.annotate(actual=Count("memberships")):
        assert space.member_count == space.actual, space.name
        assert space.member_count >= 1


def test_every_space_has_an_owner_and_slug(demo):
    without_owner = Space.objects.exclude(memberships__role=SpaceRole.OWNER)
    assert list(without_owner) == []
    assert Space.objects.values("slug").distinct().count() == 40


def test_sizes_are_zipf_like_and_activity_spreads_over_weeks(demo):
    now = timezone.now()
    sizes = sorted(Space.objects.filter(auto_department=None).values_list("member_count", flat=True))
    assert sizes[-1] >= 4 * statistics.median(sizes)
    assert sizes[0] >= 3

    active = Space.objects.filter(archived_at__isnull=True)
    days = {(now - space.last_activity_at).days for space in active}
    assert len(days) >= 10
    assert all(space.created_at < space.last_activity_at <= now for space in Space.objects.all())
    assert all(now - space.last_activity_at < timedelta(days=125) for space in active)
    joined = Membership.objects.values_list("joined_at", "space__created_at")
    assert all(created <= at <= now for at, created in joined)


def test_automatic_memberships_follow_their_rule(demo):
    everyone = Space.objects.get(name="Mededelingen")
    assert everyone.auto_department.kind == "organisation"
    assert everyone.member_count == User.objects.filter(kind="employee").count()
    auto = Space.objects.exclude(auto_department=None, auto_location=None)
    assert auto.count() == 2
    for space in auto:
        # The rule and the generated rows agree: a sync has nothing to add or remove.
        assert sync_auto_memberships(space=space) == (0, 0), space.name


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.role)
def test_demo_accounts_own_one_space_with_a_request_waiting_and_belong_to_more(demo, account):
    user = User.objects.get(email=account.email)
    memberships = Membership.objects.filter(user=user).select_related("space")
    owned = [m.space for m in memberships if m.role == SpaceRole.OWNER]

    assert owned
    assert len(memberships) >= 5
    waiting = JoinRequest.objects.filter(space__in=owned, status=RequestStatus.PENDING).exclude(user=user)
    assert waiting.exists()
    assert selectors.my_spaces(user).count() >= 5
    assert selectors.suggested_spaces(user)


def test_the_demo_employee_waits_for_an_answer_herself(demo):
    user = User.objects.get(email="medewerker@zuiderveld.nl")
    request = JoinRequest.objects.get(user=user, status=RequestStatus.PENDING)

    assert request.space.join_policy == "request"
    assert not Membership.objects.filter(user=user, space=request.space).exists()


def test_pending_requests_come_from_people_outside_the_space(demo):
    for request in JoinRequest.objects.all():
        assert request.status == RequestStatus.PENDING
        assert not Membership.objects.filter(space=request.space, user=request.user).exists()


def test_guest_can_log_in_and_is_in_one_project_only(demo, client):
    guest = authenticate(email=DEMO_GUEST.email, password=DEMO_PASSWORD)

    assert guest is not None and guest.is_guest
    membership = Membership.objects.get(user=guest)
    assert membership.role == SpaceRole.GUEST
    assert membership.space.kind == SpaceKind.PROJECT
    assert membership.expires_at > timezone.now() + timedelta(days=30)
    assert membership.invited_by.email == "medewerker@zuiderveld.nl"
    assert list(selectors.visible_spaces(guest)) == [membership.space]
    assert client.login(email=DEMO_GUEST.email, password=DEMO_PASSWORD)


def test_secret_spaces_are_hidden_from_colleagues_outside_them(demo):
    secret = Space.objects.filter(visibility="secret").first()
    outsider = User.objects.filter(kind="employee", is_superuser=False).exclude(space_memberships__space=secret).first()

    assert secret not in selectors.visible_spaces(outsider)


def test_same_seed_same_spaces_other_seed_other_spaces(db):
    from tests.demo.test_demo import wipe

    generate(size="small", seed=5)
    first = spaces_fingerprint()
    wipe()
    generate(size="small", seed=5)
    again = spaces_fingerprint()
    wipe()
    generate(size="small", seed=6)

    assert first == again
    assert first != spaces_fingerprint()


def test_spaces_do_not_change_the_people_of_a_demo():
    # Spaces draw from their own random stream: the people plan does not depend on them.
    plan = build_plan(size="small", seed=3)
    before = [(p.email, p.unit) for p in plan.people]
    build_space_plan(plan, size="small", seed=3)
    assert before == [(p.email, p.unit) for p in build_plan(size="small", seed=3).people]


@pytest.mark.parametrize("size", ["medium", "large"])
def test_plan_sizes(size):
    plan = build_space_plan(build_plan(size=size, seed=1), size=size, seed=1)

    assert len(plan.spaces) == SPACE_COUNTS[size]
    assert len({space.slug for space in plan.spaces}) == len(plan.spaces)
    assert len({space.name for space in plan.spaces}) == len(plan.spaces)
    for space in plan.spaces:
        people = [member.person for member in space.members]
        assert len(people) == len(set(people)), space.name
        assert any(member.role == SpaceRole.OWNER for member in space.members), space.name


def test_fixed_spaces_name_real_departments():
    departments = {spec.name for directorate in DIRECTORATES for spec in directorate.departments}
    assert {spec.department for spec in FIXED_SPACES if spec.department} <= departments
