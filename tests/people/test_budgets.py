"""List pages run a fixed number of queries, however many people there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.people.models import Skill
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def populate(count: int, department, location) -> None:
    skill = Skill.objects.get_or_create(name="participatie")[0]
    for _ in range(count):
        person = UserFactory()
        person.profile.department = department
        person.profile.location = location
        person.profile.save()
        person.profile.skills.add(skill)


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/", "/mensen/", "/zoeken/?q=Voornaam", "/meldingen/", "DEPARTMENT", "PROFILE"])
def test_query_count_does_not_grow_with_data(employee_client, employee, path):
    root = DepartmentFactory(name="Gemeente Zuiderveld", kind="organisation")
    team = DepartmentFactory(parent=root, kind="team", manager=employee)
    location = LocationFactory()
    employee.profile.department = team
    employee.profile.save()
    url = {"DEPARTMENT": f"/organisatie/{team.pk}/", "PROFILE": f"/mensen/{employee.pk}/"}.get(path, path)

    populate(3, team, location)
    employee_client.get(url)  # warm the site-settings cache
    few = queries_for(employee_client, url)
    populate(30, team, location)
    many = queries_for(employee_client, url)
    assert many == few, f"{url}: {few} queries with 4 people, {many} with 34"
    assert many <= 9, f"{url} runs {many} queries"
