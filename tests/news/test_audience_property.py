"""Property test of the audience rule (plein/news/audience.py) against an independent reference.

Hypothesis generates small organisations — a nested department tree, locations, spaces with
members, guests and expired memberships, deactivated people, editors — and news items and
work-process pages with every combination of audience (everyone, departments, locations,
spaces, and expired items). For every generated person the SQL selectors (``news_for``,
``process_pages_for``, ``audience_users``), the Python twin ``is_targeted`` and the search
access keys must agree with the per-person model written below, which knows nothing of
paths or subqueries: it walks the generated parent links. One generated visitor then opens
every item and page, and gets 200 or 404 as the model says.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.news.audience import audience_users, is_targeted
from plein.news.models import NewsItem, ProcessPage
from plein.news.search import _keys as search_keys
from plein.news.selectors import news_for, process_pages_for
from plein.search.access import Searcher, forget_department_tree
from plein.spaces.models import Membership, SpaceRole
from tests.factories import DepartmentFactory, GuestFactory, LocationFactory, UserFactory
from tests.news.factories import news_item, process_page
from tests.spaces.factories import SpaceFactory, add_member

MAX_DEPARTMENTS, MAX_LOCATIONS, MAX_SPACES = 5, 2, 2


@dataclass(frozen=True)
class PersonSpec:
    guest: bool
    active: bool
    editor: bool
    department: int | None
    location: int | None
    spaces: frozenset[int]  # current memberships
    expired_spaces: frozenset[int]  # memberships whose expiry has passed


@dataclass(frozen=True)
class ItemSpec:
    everyone: bool
    departments: frozenset[int]
    locations: frozenset[int]
    spaces: frozenset[int]
    expired: bool


@dataclass(frozen=True)
class OrgSpec:
    parents: tuple[int | None, ...]  # department i's parent: an earlier department, or none (a top unit)
    locations: int
    spaces: int
    people: tuple[PersonSpec, ...]
    news: tuple[ItemSpec, ...]
    pages: tuple[ItemSpec, ...]
    visitor: int


def _subset(size: int) -> st.SearchStrategy[frozenset[int]]:
    return st.frozensets(st.integers(0, size - 1), max_size=size) if size else st.just(frozenset())


def _none_if_negative(value: int) -> int | None:
    return None if value < 0 else value


def _maybe(size: int) -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(0, size - 1)) if size else st.none()


@st.composite
def organisations(draw: Any) -> OrgSpec:
    departments = draw(st.integers(1, MAX_DEPARTMENTS))
    # Mostly nested (a parent among the earlier units), now and then another top unit.
    parents = tuple(_none_if_negative(draw(st.integers(-1, i - 1))) if i else None for i in range(departments))
    locations = draw(st.integers(0, MAX_LOCATIONS))
    spaces = draw(st.integers(0, MAX_SPACES))
    people = []
    for _ in range(draw(st.integers(1, 6))):
        guest = draw(st.sampled_from([False, False, True]))
        member_of = draw(_subset(spaces))
        people.append(
            PersonSpec(
                guest=guest,
                active=draw(st.booleans()) if draw(st.booleans()) else True,
                editor=not guest and draw(st.booleans()),
                # Guests may carry a department or location: the rule must ignore them.
                department=draw(st.one_of(_maybe(departments), st.integers(0, departments - 1))),
                location=draw(_maybe(locations)),
                spaces=member_of,
                expired_spaces=draw(_subset(spaces)) - member_of,
            )
        )
    items = st.builds(
        ItemSpec,
        everyone=st.sampled_from([False, False, False, True]),
        departments=_subset(departments),
        locations=_subset(locations),
        spaces=_subset(spaces),
        expired=st.sampled_from([False, False, False, True]),
    )
    return OrgSpec(
        parents=parents,
        locations=locations,
        spaces=spaces,
        people=tuple(people),
        news=tuple(draw(st.lists(items, min_size=1, max_size=3))),
        pages=tuple(draw(st.lists(items, min_size=1, max_size=2))),
        visitor=draw(st.integers(0, len(people) - 1)),
    )


# --- the reference model: one person, one item, no SQL -------------------------------


def _ancestors_or_self(spec: OrgSpec, department: int) -> set[int]:
    found: set[int] = set()
    current: int | None = department
    while current is not None:
        found.add(current)
        current = spec.parents[current]
    return found


def expected_targeted(spec: OrgSpec, person: PersonSpec, item: ItemSpec) -> bool:
    if not person.active:
        return False
    if person.spaces & item.spaces:
        return True
    if person.guest:  # external guests are reached through their spaces only
        return False
    if item.everyone:
        return True
    if person.department is not None and _ancestors_or_self(spec, person.department) & item.departments:
        return True
    return person.location is not None and person.location in item.locations


def expected_readable(spec: OrgSpec, person: PersonSpec, item: ItemSpec) -> bool:
    """Opening the page: published and targeted, or an editor checking it."""
    return not item.expired and (expected_targeted(spec, person, item) or (person.active and person.editor))


# --- building the generated organisation -----------------------------------------------


@dataclass
class Built:
    people: list[Any]
    news: list[NewsItem]
    pages: list[ProcessPage]


def _build(spec: OrgSpec) -> Built:
    forget_department_tree()  # the search keys cache the tree; each example has its own
    departments: list[Any] = []
    for parent in spec.parents:
        departments.append(DepartmentFactory(parent=departments[parent] if parent is not None else None))
    locations = [LocationFactory() for _ in range(spec.locations)]
    spaces = [SpaceFactory() for _ in range(spec.spaces)]
    past = timezone.now() - datetime.timedelta(days=1)
    people = []
    for person in spec.people:
        factory = GuestFactory if person.guest else UserFactory
        user = factory(is_active=person.active, is_editor=person.editor)
        profile = user.profile
        profile.department = departments[person.department] if person.department is not None else None
        profile.location = locations[person.location] if person.location is not None else None
        profile.save(update_fields=["department", "location"])
        role = SpaceRole.GUEST if person.guest else SpaceRole.MEMBER
        for index in person.spaces:
            add_member(spaces[index], user, role=role)
        for index in person.expired_spaces:
            membership = add_member(spaces[index], user, role=role)
            Membership.objects.filter(pk=membership.pk).update(expires_at=past)
        people.append(user)

    def audience(item: ItemSpec) -> dict[str, Any]:
        return {
            "everyone": item.everyone,
            "departments": [departments[i] for i in sorted(item.departments)],
            "locations": [locations[i] for i in sorted(item.locations)],
            "spaces": [spaces[i] for i in sorted(item.spaces)],
        }

    news = [news_item(**audience(item)) for item in spec.news]
    pages = [process_page(**audience(item)) for item in spec.pages]
    for built, item in [*zip(news, spec.news, strict=True), *zip(pages, spec.pages, strict=True)]:
        if item.expired:
            type(built).objects.filter(pk=built.pk).update(expire_at=past)
            built.refresh_from_db()
    return Built(people=people, news=news, pages=pages)


def _check(spec: OrgSpec, built: Built, client: Any) -> None:
    for person, user in zip(spec.people, built.people, strict=True):
        who = f"person {spec.people.index(person)} {person}"
        shown_news = set(news_for(user).filter(pk__in=[n.pk for n in built.news]).values_list("pk", flat=True))
        expected_news = {
            n.pk
            for n, item in zip(built.news, spec.news, strict=True)
            if not item.expired and expected_targeted(spec, person, item)
        }
        assert shown_news == expected_news, who
        shown_pages = set(
            process_pages_for(user).filter(pk__in=[p.pk for p in built.pages]).values_list("pk", flat=True)
        )
        expected_pages = {
            p.pk
            for p, item in zip(built.pages, spec.pages, strict=True)
            if not item.expired and expected_targeted(spec, person, item)
        }
        assert shown_pages == expected_pages, who
        searcher = Searcher(user)
        for built_item, item in [*zip(built.news, spec.news, strict=True), *zip(built.pages, spec.pages, strict=True)]:
            expected = expected_targeted(spec, person, item)
            assert is_targeted(user, built_item) == expected, (who, item)
            assert searcher.may_see(search_keys(built_item)) == expected, (who, item, "search")
    ids = [user.pk for user in built.people]
    for built_item, item in [*zip(built.news, spec.news, strict=True), *zip(built.pages, spec.pages, strict=True)]:
        audience = set(audience_users(built_item).filter(pk__in=ids).values_list("pk", flat=True))
        expected = {u.pk for p, u in zip(spec.people, built.people, strict=True) if expected_targeted(spec, p, item)}
        assert audience == expected, item

    visitor, user = spec.people[spec.visitor], built.people[spec.visitor]
    if not visitor.active:
        return  # a deactivated person cannot log in at all
    client.force_login(user)
    for built_news, item in zip(built.news, spec.news, strict=True):
        status = client.get(built_news.reader_url).status_code
        assert status == (200 if expected_readable(spec, visitor, item) else 404), (visitor, item)
    for built_page, item in zip(built.pages, spec.pages, strict=True):
        status = client.get(built_page.reader_url).status_code
        readable = not visitor.guest and expected_readable(spec, visitor, item)  # work processes: employees only
        assert status == (200 if readable else 404), (visitor, item, "page")


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=organisations())
def test_the_sql_rule_equals_the_per_person_reference(org: Any, client: Any, spec: OrgSpec) -> None:
    # ``org`` gives the editorial tree; each example builds its own organisation and rolls it back.
    with transaction.atomic():
        built = _build(spec)
        _check(spec, built, client)
        client.logout()
        transaction.set_rollback(True)
