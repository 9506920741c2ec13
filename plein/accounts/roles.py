"""Roles are flags on the user; the editorial environment (Wagtail) works with groups.

The groups below are derived from the flags and kept in step by
:func:`sync_role_groups`, called wherever roles change (the user admin, the
account actions, the demo). Their permissions are set up by the news app's
migrations; Wagtail's own user and group screens are hidden so the two cannot
drift apart.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

EDITORS_GROUP = "Redactie"
CHIEF_EDITORS_GROUP = "Hoofdredactie"


def role_groups(user: Any) -> dict[str, bool]:
    """Group name -> whether the user belongs in it. A chief editor is also an editor."""
    return {
        EDITORS_GROUP: bool(user.is_active and (user.is_editor or user.is_chief_editor)),
        CHIEF_EDITORS_GROUP: bool(user.is_active and user.is_chief_editor),
    }


def sync_role_groups(user: Any) -> None:
    wanted = role_groups(user)
    groups = {group.name: group for group in Group.objects.filter(name__in=wanted)}
    add = [groups[name] for name, holds in wanted.items() if holds and name in groups]
    remove = [groups[name] for name, holds in wanted.items() if not holds and name in groups]
    if add:
        user.groups.add(*add)
    if remove:
        user.groups.remove(*remove)
