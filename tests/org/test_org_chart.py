"""The organisation chart: department pages, the overview, headcounts, and their query budgets."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from plein.accounts.models import User, UserKind
from plein.org import selectors
from plein.org.models import Department, DepartmentKind
from plein.org.paths import child_path, encode_step
from plein.people.models import Profile
from tests.factories import GuestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["plein_language"] = "en"
    with translation.override("en"):
        yield


def unit(name: str, kind: str, parent: Department | None, index: int, manager: User | None = None) -> Department:
    path = child_path(parent.path, index) if parent else encode_step(index)
    return Department.objects.create(name=name, kind=kind, parent=parent, path=path, manager=manager)


def staff(department: Department, count: int, *, prefix: str = "Lid", **user_fields) -> list[User]:
    """``count`` people in ``department``, written in bulk (factories would be slow for hundreds)."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(
            email=f"{prefix.lower()}{start + i}@zuiderveld.nl",
            first_name=prefix,
            last_name=f"{start + i:05}",
            **user_fields,
        )
        for i in range(count)
    )
    Profile.objects.bulk_create(Profile(user=user, department=department) for user in users)
    return users


def grow(department: Department, *, children: int, depth: int, people: int, kinds: list[str]) -> int:
    """Add ``depth`` levels of ``children`` units under ``department``, ``people`` in each leaf; return the count."""
    added = 0
    level = [department]
    for level_index in range(depth):
        kind = kinds[min(level_index, len(kinds) - 1)]
        next_level = []
        for parent in level:
            created = Department.objects.bulk_create(
                Department(name=f"{parent.name}/{i}", kind=kind, parent=parent, path=child_path(parent.path, 100 + i))
                for i in range(children)
            )
            next_level += created
            added += len(created)
        level = next_level
    for leaf in level:
        staff(leaf, people, prefix="Blad")
    return added


@pytest.fixture
def tree(employee):
    root = unit("Gemeente Zuiderveld", DepartmentKind.ORGANISATION, None, 1)
    directorate = unit("Directie Ruimte", DepartmentKind.DIRECTORATE, root, 1, manager=employee)
    department = unit("Ruimtelijke Ordening", DepartmentKind.DEPARTMENT, directorate, 1)
    team = unit("Team Omgevingsvisie", DepartmentKind.TEAM, department, 1)
    other = unit("Team Bestemmingsplannen", DepartmentKind.TEAM, department, 2)
    employee.profile.department = team
    employee.profile.save()
    staff(team, 3)
    staff(other, 2)
    staff(department, 1, prefix="Hoofd")
    return {"root": root, "directorate": directorate, "department": department, "team": team, "other": other}


def queries_for(client, path: str) -> tuple[int, str]:
    cache.clear()  # headcounts are cached: count the query behind them too
    client.get(path)  # warm the site settings
    for department in Department.objects.all():
        cache.delete(f"org:headcount:{department.pk}:{department.path}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


def test_headcount_counts_each_child_subtree_in_one_query(tree):
    gone = staff(tree["team"], 1, prefix="Weg", is_active=False)
    staff(tree["team"], 1, prefix="Gast", kind=UserKind.GUEST)

    with CaptureQueriesContext(connection) as captured:
        counts = selectors.headcount(tree["directorate"])
    assert len(captured) == 1
    assert counts.direct == 0
    assert counts.by_child == {tree["department"].path: 1 + 4 + 2}  # head, team (3 + employee), other team
    assert counts.child_units == 1
    assert counts.total == 7

    department = selectors.headcount(tree["department"])
    assert (department.direct, department.child_units, department.total) == (1, 2, 7)
    assert department.by_child == {tree["team"].path: 4, tree["other"].path: 2}
    assert gone[0].pk not in selectors.members(tree["team"]).values_list("pk", flat=True)


def test_department_page_lists_manager_units_members_and_breadcrumbs(employee_client, tree):
    html = employee_client.get(f"/organisatie/{tree['department'].pk}/").content.decode()

    crumbs = re.search(r'<nav class="plein-breadcrumbs".*?</nav>', html, re.S).group(0)
    assert [c for c in ("Organisation chart", "Gemeente Zuiderveld", "Directie Ruimte") if c in crumbs] == [
        "Organisation chart",
        "Gemeente Zuiderveld",
        "Directie Ruimte",
    ]
    assert 'aria-current="page">Ruimtelijke Ordening' in crumbs
    assert "7 people, including its units" in html
    assert "2 units" in html
    assert "Team Omgevingsvisie" in html and "4 people" in html
    assert "1 member" in html and "Hoofd" in html

    directorate = employee_client.get(f"/organisatie/{tree['directorate'].pk}/").content.decode()
    assert "Manager" in directorate and "Sanne de Vries" in directorate


def test_units_and_members_are_paginated_separately(employee_client, tree):
    grow(tree["department"], children=60, depth=1, people=0, kinds=[DepartmentKind.TEAM])
    staff(tree["department"], 30, prefix="Extra")

    first = employee_client.get(f"/organisatie/{tree['department'].pk}/").content.decode()
    assert "62 units" in first
    assert first.count('class="plein-units__item"') == 50
    assert first.count('class="plein-card plein-person"') == 24

    second = employee_client.get(f"/organisatie/{tree['department'].pk}/?eenheden=2&pagina=2").content.decode()
    assert second.count('class="plein-units__item"') == 12
    assert second.count('class="plein-card plein-person"') == 7
    assert "eenheden=2&amp;pagina=1" in second or "pagina=1&amp;eenheden=2" in second


def test_overview_shows_the_top_levels_only(employee_client, tree):
    grow(tree["team"], children=3, depth=1, people=2, kinds=[DepartmentKind.TEAM])

    html = employee_client.get("/organisatie/").content.decode()
    assert "Directie Ruimte" in html and "Ruimtelijke Ordening" in html
    assert "Team Omgevingsvisie" not in html
    assert "13 people" in html  # everyone, counted through the whole tree
    assert f'href="/organisatie/{tree["root"].pk}/"' in html


def test_overview_without_a_tree_is_not_found(employee_client):
    assert employee_client.get("/organisatie/").status_code == 404


def test_guests_cannot_open_the_org_chart(client, tree):
    client.force_login(GuestFactory())
    assert client.get("/organisatie/").status_code == 404
    assert client.get(f"/organisatie/{tree['team'].pk}/").status_code == 404


def test_pages_run_the_same_queries_for_a_small_and_a_large_tree(employee_client, tree):
    paths = {
        "overview": "/organisatie/",
        "root": f"/organisatie/{tree['root'].pk}/",
        "directorate": f"/organisatie/{tree['directorate'].pk}/",
        "department": f"/organisatie/{tree['department'].pk}/",
        "team": f"/organisatie/{tree['team'].pk}/",
    }
    # Every page has child units in both trees (a page without any skips that query).
    unit("Werkgroep", DepartmentKind.TEAM, tree["team"], 1)
    small = {name: queries_for(employee_client, path)[0] for name, path in paths.items()}

    # A few hundred more units below and beside the pages, with people in them.
    added = grow(
        tree["root"],
        children=6,
        depth=3,
        people=1,
        kinds=[DepartmentKind.DIRECTORATE, DepartmentKind.DEPARTMENT, DepartmentKind.TEAM],
    )
    added += grow(tree["department"], children=70, depth=1, people=2, kinds=[DepartmentKind.TEAM])
    added += grow(tree["team"], children=4, depth=1, people=3, kinds=[DepartmentKind.TEAM])
    assert added > 300
    UserFactory.create_batch(3)  # people outside the tree

    large = {name: queries_for(employee_client, path)[0] for name, path in paths.items()}
    assert large == small
    assert max(large.values()) <= 9, large
