"""Writes on the organisation tree: one function per verb, each in a transaction with its event.

Departments keep a materialised path; these actions are the only place that
gives a new unit its path or moves a subtree, so the tree stays consistent
however a unit is edited (admin, import).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from plein.core.events import AUDIENCE_ORG, record_event
from plein.org.models import PATH_STEP, Department, Location
from plein.org.paths import ALPHABET, child_path

PATH_FIELD_STEPS = len(ALPHABET) ** PATH_STEP


def next_child_path(parent: Department | None) -> str:
    """The first free path directly under ``parent`` (or at the top of the tree)."""
    prefix = parent.path if parent else ""
    taken = set(Department.objects.filter(parent=parent).values_list("path", flat=True))
    for index in range(1, PATH_FIELD_STEPS):
        candidate = child_path(prefix, index)
        if candidate not in taken:
            return candidate
    raise ValidationError(_("This unit has too many sub-units."))


def save_department(*, actor: Any, department: Department, changed: list[str]) -> Department:
    """Create or change a unit; a new parent moves the whole subtree along."""
    with transaction.atomic():
        if department.pk is None:
            department.path = next_child_path(department.parent)
            department.save()
            kind = "org.department_created"
        else:
            old = Department.objects.select_for_update().get(pk=department.pk)
            moved = "parent" in changed and old.parent_id != department.parent_id
            if moved:
                if department.parent and department.parent.path.startswith(old.path):
                    raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-units.")})
                new_path = next_child_path(department.parent)
                # Rewrite the paths of the unit and everything below it in one statement.
                Department.objects.filter(path__startswith=old.path).update(
                    path=Concat(Value(new_path), Substr("path", len(old.path) + 1))
                )
                department.path = new_path
            department.save()
            kind = "org.department_changed"
        record_event(
            kind=kind,
            actor=actor,
            subject=department,
            audience=[AUDIENCE_ORG],
            payload={"fields": sorted(changed)},
        )
    return department


def save_location(*, actor: Any, location: Location, changed: list[str]) -> Location:
    with transaction.atomic():
        created = location.pk is None
        location.save()
        record_event(
            kind="org.location_created" if created else "org.location_changed",
            actor=actor,
            subject=location,
            audience=[AUDIENCE_ORG],
            payload={"fields": sorted(changed)},
        )
    return location
