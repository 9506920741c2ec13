"""Saving units through the admin: paths for new units, moving subtrees, and search text after a rename."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from plein.core.dispatch import deliver_pending
from plein.org import actions
from plein.org.models import Department, DepartmentKind
from plein.people.selectors import directory
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_new_unit_gets_the_next_free_path_under_its_parent(admin_user):
    root = DepartmentFactory(name="Gemeente")
    first = actions.save_department(
        actor=admin_user, department=Department(name="Sociaal", kind=DepartmentKind.DEPARTMENT, parent=root), changed=[]
    )
    second = actions.save_department(
        actor=admin_user, department=Department(name="Fysiek", kind=DepartmentKind.DEPARTMENT, parent=root), changed=[]
    )
    assert first.path.startswith(root.path) and len(first.path) == len(root.path) + 4
    assert second.path.startswith(root.path) and second.path != first.path


def test_moving_a_unit_moves_its_subtree(admin_user):
    a = DepartmentFactory(name="A")
    b = DepartmentFactory(name="B")
    unit = DepartmentFactory(name="Unit", parent=a)
    team = DepartmentFactory(name="Team", parent=unit)
    unit.parent = b
    actions.save_department(actor=admin_user, department=unit, changed=["parent"])
    team.refresh_from_db()
    unit.refresh_from_db()
    assert unit.path.startswith(b.path)
    assert team.path.startswith(unit.path) and len(team.path) == len(unit.path) + 4
    assert not Department.objects.filter(path__startswith=a.path).exclude(pk=a.pk).exists()


def test_a_unit_cannot_move_under_itself(admin_user):
    unit = DepartmentFactory(name="Unit")
    team = DepartmentFactory(name="Team", parent=unit)
    unit.parent = team
    with pytest.raises(ValidationError):
        actions.save_department(actor=admin_user, department=unit, changed=["parent"])
    unit.refresh_from_db()
    assert unit.parent_id is None


@pytest.mark.parametrize("what", ["department", "location"])
def test_renaming_refreshes_the_directory_search(admin_user, what):
    from plein.people.search import refresh_search_text

    department = DepartmentFactory(name="Burgerzaken")
    location = LocationFactory(name="Stadskantoor")
    person = UserFactory(first_name="Mila", last_name="Jansen")
    person.profile.department, person.profile.location = department, location
    person.profile.save()
    refresh_search_text([person.pk])
    viewer = UserFactory()
    assert list(directory(viewer=viewer, query="Dienstverlening")) == []
    if what == "department":
        department.name = "Dienstverlening"
        actions.save_department(actor=admin_user, department=department, changed=["name"])
    else:
        location.name = "Dienstverlening Noord"
        actions.save_location(actor=admin_user, location=location, changed=["name"])
    deliver_pending()
    assert list(directory(viewer=viewer, query="Dienstverlening")) == [person]


def test_adding_a_unit_in_the_admin_gives_it_a_path(admin_client):
    root = DepartmentFactory(name="Gemeente")
    response = admin_client.post(
        "/beheer/org/department/add/", {"name": "Team Wijkzaken", "kind": DepartmentKind.TEAM, "parent": root.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Department.objects.get(name="Team Wijkzaken")
    assert unit.parent == root and unit.path.startswith(root.path) and len(unit.path) == len(root.path) + 4
