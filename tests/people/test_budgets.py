"""List pages run a fixed number of queries, however many people there are."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.people.models import Endorsement, Skill
from plein.people.search import refresh_search_text
from plein.people.selectors import EVERYONE_COUNT_KEY, POPULAR_SKILLS_KEY, UNFILTERED_FACETS_KEY
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every logged-in page starts with: session, user, unread-notification count, own profile (header).
SHELL_QUERIES = 4


def populate(count: int, department, location, endorser) -> None:
    skill = Skill.objects.get_or_create(name="participatie", defaults={"normalized": "participatie"})[0]
    people = []
    for number in range(count):
        person = UserFactory(first_name=f"Jan{number}")
        person.profile.department = department
        person.profile.location = location
        person.profile.save()
        person.profile.skills.add(skill)
        Endorsement.objects.create(endorser=endorser, person=person, skill=skill)
        people.append(person.pk)
    refresh_search_text(people)


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


# (path, the most queries it may run)
PAGES = [
    ("/", 11),  # with the (empty) home feed, its news and must-reads; a full feed: tests/feed/test_views.py
    ("/mensen/", SHELL_QUERIES + 2 + 3),  # count, page, three facets (all cached for a while in real use)
    # matching profiles, their users (together: count, department and location facets), page, skill facet
    ("/mensen/?q=jan", SHELL_QUERIES + 4),
    ("/mensen/?q=jan+de&afdeling=TEAM&locatie=LOCATION&vaardigheid=SKILL", SHELL_QUERIES + 5),  # + who has the skill
    ("/mensen/?afdeling=TEAM", SHELL_QUERIES + 5),  # no text: count, page, three facet aggregates
    ("/mensen/experts/?onderwerp=partic", SHELL_QUERIES + 5),  # skills, writers, who has them, endorsements, page
    ("/mensen/experts/", SHELL_QUERIES + 1),  # popular skills
    ("/mensen/nieuw/", SHELL_QUERIES + 2),
    # people, spaces, units, the searcher's spaces, content page and counts; nobody is called
    # "Voornaam" here, so also the "did you mean" lookup and the anonymous no-results count
    ("/zoeken/?q=Voornaam", 12),
    ("/meldingen/", 9),
    ("DEPARTMENT", SHELL_QUERIES + 5),  # unit, ancestors, headcount, child units, members
    ("ROOT", SHELL_QUERIES + 5),
    ("/organisatie/", SHELL_QUERIES + 2),  # top levels, headcount
    ("PROFILE", 10),  # with the recent posts (their own budget: tests/stream/test_views.py)
]


@pytest.mark.parametrize(("path", "budget"), PAGES)
def test_query_count_does_not_grow_with_data(employee_client, employee, path, budget):
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind="organisation")
    team = DepartmentFactory(parent=root, kind="team", manager=employee)
    location = LocationFactory()
    employee.profile.department = team
    employee.profile.save()
    skill_id = Skill.objects.get_or_create(name="participatie", defaults={"normalized": "participatie"})[0].pk
    url = {
        "DEPARTMENT": f"/organisatie/{team.pk}/",
        "ROOT": f"/organisatie/{root.pk}/",
        "PROFILE": f"/mensen/{employee.pk}/",
    }
    url_path = url.get(path, path).replace("TEAM", str(team.pk)).replace("LOCATION", str(location.pk))
    url_path = url_path.replace("SKILL", str(skill_id))

    def forget_cached_aggregates() -> None:
        # Count the queries behind cached aggregates (headcounts, unfiltered facets) too.
        cache.delete_many(
            [
                UNFILTERED_FACETS_KEY,
                EVERYONE_COUNT_KEY,
                POPULAR_SKILLS_KEY,
                *(f"org:headcount:{unit.pk}:{unit.path}" for unit in (root, team)),
            ]
        )

    populate(5, team, location, employee)
    DepartmentFactory(parent=team, kind="team", name="Subteam")
    employee_client.get(url_path)  # warm the site-settings cache
    forget_cached_aggregates()
    few = queries_for(employee_client, url_path)
    populate(50, team, location, employee)
    for unit in range(60):  # more than one page of units
        DepartmentFactory(parent=team, kind="team", name=f"Subteam {unit}")
    forget_cached_aggregates()
    many = queries_for(employee_client, url_path)
    assert many == few, f"{url_path}: {few} queries with 6 people, {many} with 56"
    assert many <= budget, f"{url_path} runs {many} queries, budget {budget}"
