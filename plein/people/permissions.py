"""Who may see and do what with profiles. Every read and write path uses these."""

from __future__ import annotations

from typing import Any

from plein.accounts.permissions import is_admin, is_employee
from plein.people.models import Profile, Visibility

# Fields that are always shown to everyone who may see the person at all.
ALWAYS_VISIBLE = frozenset({"name", "photo", "function"})
# Fields a person chooses a visibility for.
OPTIONAL_FIELDS = (
    "pronouns",
    "room",
    "phone",
    "mobile",
    "working_days",
    "working_hours",
    "about",
    "languages",
    "links",
)


def can_edit_profile(user: Any, profile: Profile) -> bool:
    """The person themselves (employees only: guests have no directory profile) and administrators."""
    return is_admin(user) or (is_employee(user) and user.pk == profile.user_id)


def shares_a_space(viewer: Any, person_id: int) -> bool:
    """Whether viewer and person are current members of a common space."""
    from plein.spaces.selectors import share_a_space

    return bool(viewer.is_authenticated) and share_a_space(viewer.pk, person_id)


def can_view_profile(viewer: Any, person: Any) -> bool:
    """Employees see every active colleague; guests are seen by, and see, only members of a space they share."""
    if not (viewer.is_authenticated and viewer.is_active and person.is_active):
        return False
    if is_admin(viewer) or (is_employee(viewer) and not person.is_guest):
        return True
    # External guests are visible only to people they share a space with, and see only those people.
    return shares_a_space(viewer, person.pk)


def can_see_field(viewer: Any, profile: Profile, field: str) -> bool:
    if field in ALWAYS_VISIBLE:
        return True
    if viewer.pk == profile.user_id or is_admin(viewer):
        return True
    if not is_employee(viewer):
        return False  # guests see only name, photo and function
    choice = (profile.visibility or {}).get(field, Visibility.COLLEAGUES)
    if choice == Visibility.COLLEAGUES:
        return True
    if choice == Visibility.SPACES:
        return shares_a_space(viewer, profile.user_id)
    return False


def can_endorse(user: Any, person: Any) -> bool:
    return is_employee(user) and person.is_active and user.pk != person.pk


def can_follow(user: Any, person: Any) -> bool:
    return is_employee(user) and person.is_active and user.pk != person.pk
