"""Spaces selectors: ordering, search, suggestions, whose spaces a viewer sees, and fixed query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.accounts.models import User
from plein.people import actions as people_actions
from plein.people.models import Profile
from plein.spaces import selectors
from plein.spaces.models import Membership, Space, SpaceRole
from plein.spaces.selectors import SpaceFilters
from tests.factories import DepartmentFactory, GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def person(first: str, last: str, **extra) -> User:
    return UserFactory(first_name=first, last_name=last, **extra)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- members ---------------------------------------------------------------------------------


@pytest.fixture
def team():
    space = SpaceFactory(name="Team Jeugd")
    people = {
        "zoe": person("Zoë", "Aarts"),
        "bram": person("Bram", "Bakker"),
        "anna": person("Anna", "Bakker"),
        "mo": person("Mo", "Claes"),
        "kees": person("Kees", "Dekker"),
        "gijs": GuestFactory(first_name="Gijs", last_name="Achter"),
        "ex": GuestFactory(first_name="Ex", last_name="Bakker"),
        "gone": person("Weg", "Bakker", is_active=False),
    }
    add_member(space, people["kees"], role=SpaceRole.OWNER)
    add_member(space, people["mo"], role=SpaceRole.MODERATOR)
    add_member(space, people["zoe"])
    add_member(space, people["bram"])
    add_member(space, people["anna"])
    add_member(space, people["gijs"], role=SpaceRole.GUEST)
    add_member(space, people["ex"], role=SpaceRole.GUEST, expires_at=timezone.now() - timedelta(days=1))
    add_member(space, people["gone"])
    return space, people


def names(memberships) -> list[str]:
    return [m.user.first_name for m in memberships]


def test_members_by_name_and_leaders_owners_first(team):
    space, _people = team
    # The guest whose access ended and the deactivated colleague are not listed.
    assert names(selectors.members(space)) == ["Zoë", "Gijs", "Anna", "Bram", "Mo", "Kees"]
    assert selectors.members_count(space) == space.member_count  # the kept counter, no COUNT query
    assert selectors.members_count(space, query="bakk") is None
    assert names(selectors.leaders(space)) == ["Kees", "Mo"]


def test_first_members_are_the_leaders_then_the_newest(team):
    space, people = team
    Membership.objects.filter(space=space, user=people["anna"]).update(joined_at=timezone.now() + timedelta(hours=1))
    assert names(selectors.first_members(space, limit=4)) == ["Kees", "Mo", "Anna", "Gijs"]
    assert names(selectors.first_members(space, limit=1)) == ["Kees"]


def test_members_search_and_role_filter(team):
    space, _people = team
    assert names(selectors.members(space, query="bakk")) == ["Anna", "Bram"]
    assert names(selectors.members(space, query="  bakker   an ")) == ["Anna"]
    assert names(selectors.members(space, query="BRAM")) == ["Bram"]
    assert names(selectors.members(space, query="niemand")) == []
    assert names(selectors.members(space, role="guest")) == ["Gijs"]
    assert names(selectors.members(space, role="member", query="a")) == ["Zoë", "Anna", "Bram"]
    assert len(names(selectors.members(space, role="nonsense"))) == 6  # an unknown role filters nothing


def test_owner_count_ignores_ended_memberships(team):
    space, _people = team
    assert selectors.owner_count(space) == 1
    add_member(space, person("Oud", "Eigenaar"), role=SpaceRole.OWNER, expires_at=timezone.now() - timedelta(1))
    assert selectors.owner_count(space) == 1


# --- suggestions -------------------------------------------------------------------------------


def test_suggestions_department_first_then_followed_colleagues_then_size(employee):
    department = DepartmentFactory()
    employee.profile.department = department
    employee.profile.save()
    followed = person("Fenna", "Gevolgd")
    people_actions.follow(user=employee, person=followed)

    big = SpaceFactory(name="Groot", member_count=300)
    small = SpaceFactory(name="Klein", member_count=2)
    own_department = SpaceFactory(name="Afdelingsruimte", department=department, member_count=1)
    with_followed = SpaceFactory(name="Met Fenna", visibility="closed", join_policy="request")
    add_member(with_followed, followed)
    # Not suggested: already a member, secret, archived, by invitation only.
    mine = SpaceFactory(name="Al lid", department=department)
    add_member(mine, employee)
    SpaceFactory(name="Geheim", visibility="secret", department=department)
    SpaceFactory(name="Archief", archived_at=timezone.now(), department=department)
    SpaceFactory(name="Op uitnodiging", join_policy="invitation", department=department)

    viewer = fresh(employee)
    assert selectors.suggested_spaces(viewer, limit=10) == [own_department, with_followed, big, small]
    assert selectors.suggested_spaces(viewer) == [own_department, with_followed, big, small][:4]
    assert selectors.suggested_spaces(viewer, limit=2) == [own_department, with_followed]


def test_suggestions_without_a_department_and_for_guests(employee):
    big = SpaceFactory(member_count=10)
    small = SpaceFactory(member_count=3)
    assert selectors.suggested_spaces(employee) == [big, small]
    guest = GuestFactory()
    add_member(small, guest, role=SpaceRole.GUEST)
    assert selectors.suggested_spaces(guest) == []
    assert selectors.suggested_spaces(person("Weg", "Weg", is_active=False)) == []


# --- whose spaces a viewer sees ------------------------------------------------------------------


def test_spaces_of_person_only_those_the_viewer_may_see(employee):
    subject = person("Pieter", "Bakker")
    hour = timedelta(hours=1)
    now = timezone.now()
    open_space = SpaceFactory(name="Open", last_activity_at=now - hour)
    closed = SpaceFactory(name="Dicht", visibility="closed", last_activity_at=now)
    secret_shared = SpaceFactory(name="Geheim samen", visibility="secret", last_activity_at=now - 2 * hour)
    secret_alone = SpaceFactory(name="Geheim alleen", visibility="secret")
    archived = SpaceFactory(name="Archief", archived_at=now)
    not_theirs = SpaceFactory(name="Niet van hem")
    for space in (open_space, closed, secret_shared, secret_alone, archived):
        add_member(space, subject)
    add_member(secret_shared, employee)
    add_member(not_theirs, employee)

    assert selectors.spaces_of_person(viewer=fresh(employee), person=subject) == [closed, open_space, secret_shared]
    admin = person("Ada", "Beheer", is_superuser=True)
    assert set(selectors.spaces_of_person(viewer=admin, person=subject)) == {
        open_space,
        closed,
        secret_shared,
        secret_alone,
    }
    assert selectors.spaces_of_person(viewer=fresh(employee), person=subject, limit=1) == [closed]

    guest = GuestFactory()
    assert selectors.spaces_of_person(viewer=guest, person=subject) == []
    add_member(open_space, guest, role=SpaceRole.GUEST)
    assert selectors.spaces_of_person(viewer=fresh(guest), person=subject) == [open_space]

    # An ended membership of the person is not shown.
    Membership.objects.filter(space=closed, user=subject).update(expires_at=now - hour)
    assert closed not in selectors.spaces_of_person(viewer=fresh(employee), person=subject)


def test_share_a_space_ignores_ended_memberships(employee):
    guest = GuestFactory()
    space = SpaceFactory(visibility="secret")
    add_member(space, employee)
    membership = add_member(space, guest, role=SpaceRole.GUEST)
    assert selectors.share_a_space(guest.pk, employee.pk)
    assert selectors.share_a_space(employee.pk, guest.pk)
    membership.expires_at = timezone.now() - timedelta(seconds=1)
    membership.save()
    assert not selectors.share_a_space(guest.pk, employee.pk)
    assert not selectors.share_a_space(employee.pk, guest.pk)
    assert not selectors.share_a_space(employee.pk, person("Ander", "Persoon").pk)


def test_space_for_answers_404_for_secret_and_unknown_spaces(employee):
    from django.http import Http404

    secret = SpaceFactory(visibility="secret")
    closed = SpaceFactory(visibility="closed")
    assert selectors.space_for(employee, closed.slug) == closed
    for slug in (secret.slug, "bestaat-niet"):
        with pytest.raises(Http404):
            selectors.space_for(employee, slug)
    add_member(secret, employee)
    assert selectors.space_for(fresh(employee), secret.slug) == secret


def test_filters_from_the_query_string():
    filters = SpaceFilters.from_query(
        {"q": "  wijk   noord ", "soort": "project", "afdeling": "12", "sorteer": "members", "mijn": "1"}
    )
    assert filters == SpaceFilters(query="wijk noord", kind="project", department=12, sort="members", mine=True)
    assert SpaceFilters.from_query({"soort": "club", "afdeling": "x", "sorteer": "random", "archief": "1"}) == (
        SpaceFilters(archived=True)
    )


def test_overview_search_sort_and_filters(employee):
    department = DepartmentFactory()
    wijk = SpaceFactory(name="Wijkteam Noord", member_count=5, kind="project", department=department)
    brug = SpaceFactory(name="Brug", description="De nieuwe brug in de wijk", member_count=9)
    SpaceFactory(name="Archief wijk", archived_at=timezone.now())
    add_member(brug, employee)
    Space.objects.filter(pk=brug.pk).update(member_count=9)  # add_member counted the one member

    def overview(**kwargs):
        return list(selectors.space_overview(viewer=fresh(employee), filters=SpaceFilters(**kwargs)))

    assert overview(query="wijk", sort="name") == [brug, wijk]
    assert overview(query="wijk", sort="members") == [brug, wijk]
    assert overview(query="wijk noord") == [wijk]
    assert overview(kind="project") == [wijk]
    assert overview(department=department.pk) == [wijk]
    assert overview(mine=True) == [brug]
    assert [s.name for s in overview(archived=True)] == ["Archief wijk"]
    roles = {s.pk: s.viewer_role for s in overview()}
    assert roles == {brug.pk: SpaceRole.MEMBER, wijk.pk: None}


# --- query budgets -------------------------------------------------------------------------------


def queries_for_one_page(queryset, per_page: int = 24) -> int:
    """Count, one page, and what a card shows of each space or member."""
    with CaptureQueriesContext(connection) as captured:
        page = Paginator(queryset, per_page).get_page(1)
        for item in page:
            if isinstance(item, Space):
                str(item.department), item.viewer_role, item.member_count
            else:
                item.user.display_name, item.user.profile.function, item.role, str(item.invited_by)
    return len(captured)


def test_the_overview_runs_the_same_queries_for_30_and_2500_spaces(employee):
    department = DepartmentFactory()

    def make(count: int, start: int) -> None:
        Space.objects.bulk_create(
            [
                Space(
                    name=f"Ruimte {number}",
                    slug=f"bulk-{number}",
                    visibility=("open", "closed", "secret")[number % 3],
                    department=department if number % 2 else None,
                    member_count=number % 17,
                )
                for number in range(start, start + count)
            ],
            batch_size=500,
        )

    make(30, 0)
    for space in Space.objects.filter(slug__in=["bulk-1", "bulk-2", "bulk-3"]):
        add_member(space, employee)
    viewer = fresh(employee)
    filters = [SpaceFilters(), SpaceFilters(sort="name", query="ruimte"), SpaceFilters(mine=True)]
    small = [queries_for_one_page(selectors.space_overview(viewer=viewer, filters=f)) for f in filters]
    small_mine = queries_for_one_page(selectors.my_spaces(viewer))
    make(2470, 30)
    assert Space.objects.count() == 2500
    large = [queries_for_one_page(selectors.space_overview(viewer=viewer, filters=f)) for f in filters]
    assert small == large
    assert max(large) <= 2  # count and page
    assert queries_for_one_page(selectors.my_spaces(viewer)) == small_mine <= 2


def test_one_page_of_a_10000_member_space_runs_a_fixed_number_of_queries():
    space = SpaceFactory()
    inviter = UserFactory()
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"lid{number}@zuiderveld.nl", first_name=f"Lid{number}", last_name="Groot", password=password)
            for number in range(10_000)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__startswith="lid").order_by("pk"))
    Profile.objects.bulk_create([Profile(user=user, function="Medewerker") for user in users], batch_size=1000)
    Membership.objects.bulk_create(
        [
            Membership(
                space=space,
                user=user,
                role=SpaceRole.OWNER if number < 3 else SpaceRole.MEMBER,
                invited_by=inviter,
            )
            for number, user in enumerate(users)
        ],
        batch_size=1000,
    )
    assert selectors.members(space).count() == 10_000
    assert queries_for_one_page(selectors.members(space)) == 2  # count and page
    assert queries_for_one_page(selectors.members(space, query="lid12 groot", role="member")) == 2
    with CaptureQueriesContext(connection) as captured:
        page = Paginator(selectors.members(space), 24).get_page(400)
        assert [m.role for m in page][:1] == [SpaceRole.MEMBER]
    assert len(captured) == 2
