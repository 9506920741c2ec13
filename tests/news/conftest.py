"""An organisation with a small department tree, a location, a space with a guest, and editors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from plein.accounts.roles import sync_role_groups
from plein.org.models import DepartmentKind
from plein.spaces.models import SpaceRole
from tests.factories import DepartmentFactory, GuestFactory, LocationFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member


@dataclass
class Org:
    root: Any
    social: Any  # a directorate
    team: Any  # a team below it
    other: Any  # a directorate beside it
    location: Any
    space: Any
    in_team: Any  # works in the team
    in_other: Any  # works in the other directorate, at the location
    guest: Any  # external, member of the space
    editor: Any
    chief: Any


def _place(user: Any, *, department: Any = None, location: Any = None) -> Any:
    profile = user.profile
    profile.department = department
    profile.location = location
    profile.save(update_fields=["department", "location"])
    return user


@pytest.fixture
def org(db) -> Org:  # type: ignore[no-untyped-def]
    root = DepartmentFactory(name="Gemeente", kind=DepartmentKind.ORGANISATION)
    social = DepartmentFactory(name="Sociaal Domein", parent=root, kind=DepartmentKind.DIRECTORATE)
    team = DepartmentFactory(name="Team Jeugd", parent=social, kind=DepartmentKind.TEAM)
    other = DepartmentFactory(name="Fysiek Domein", parent=root, kind=DepartmentKind.DIRECTORATE)
    location = LocationFactory(name="Stadhuis")
    in_team = _place(UserFactory(first_name="Jet", last_name="Jeugd"), department=team)
    in_other = _place(UserFactory(first_name="Fenna", last_name="Fysiek"), department=other, location=location)
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    editor = _place(UserFactory(first_name="Emma", last_name="Redacteur", is_editor=True), department=other)
    chief = _place(UserFactory(first_name="Harm", last_name="Hoofdredacteur", is_chief_editor=True), department=other)
    for person in (editor, chief):
        sync_role_groups(person)
    space = SpaceFactory(name="Project Jeugdzorg")
    add_member(space, in_team, role=SpaceRole.OWNER)
    add_member(space, guest, role=SpaceRole.GUEST)
    return Org(root, social, team, other, location, space, in_team, in_other, guest, editor, chief)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
