"""Who may see and do what in spaces. Every read and write path asks these predicates.

The rules, in one place:

- Administrators see and manage every space.
- Employees see open and closed spaces and the secret ones they belong to;
  they read the content of open spaces and of spaces they belong to.
- Guests see only the spaces they are a current member of, and nothing else.
- A membership whose ``expires_at`` has passed counts as no membership.
- A secret space a person may not see does not exist for them: views answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from plein.accounts.permissions import is_admin, is_employee
from plein.spaces.models import (
    MODERATING_ROLES,
    JoinPolicy,
    Membership,
    PostingPolicy,
    Space,
    SpaceRole,
    SpaceVisibility,
)

_CACHE_ATTRIBUTE = "_plein_space_roles"


def current_memberships() -> Q:
    """Filter for memberships that have not ended (on Membership)."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def roles_of(user: Any) -> dict[int, str]:
    """Space id -> role for the user's current memberships; one query, kept on the user for the request."""
    if not (user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = dict(Membership.objects.filter(current_memberships(), user=user).values_list("space_id", "role"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the remembered roles after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def role_in(user: Any, space: Space) -> str | None:
    return roles_of(user).get(space.pk)


def is_member(user: Any, space: Space) -> bool:
    return role_in(user, space) is not None


def can_create_space(user: Any) -> bool:
    return is_employee(user)


def can_see_space(user: Any, space: Space) -> bool:
    """Whether the space exists for this person: its name, description and members."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_admin(user) or is_member(user, space):
        return True
    return is_employee(user) and space.visibility != SpaceVisibility.SECRET


def can_read_space(user: Any, space: Space) -> bool:
    """Whether the person may read what is posted in the space."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_admin(user) or is_member(user, space):
        return True
    return is_employee(user) and space.visibility == SpaceVisibility.OPEN


can_see_members = can_see_space


def can_join(user: Any, space: Space) -> bool:
    return (
        is_employee(user)
        and not is_member(user, space)
        and not space.is_archived
        and space.join_policy == JoinPolicy.ANYONE
        and space.visibility != SpaceVisibility.SECRET
    )


def can_request_to_join(user: Any, space: Space) -> bool:
    return (
        is_employee(user)
        and not is_member(user, space)
        and not space.is_archived
        and space.join_policy == JoinPolicy.REQUEST
        and space.visibility != SpaceVisibility.SECRET
    )


def can_post(user: Any, space: Space) -> bool:
    role = role_in(user, space)
    if role is None or space.is_archived:
        return False
    return space.posting == PostingPolicy.MEMBERS or role in MODERATING_ROLES


def can_moderate(user: Any, space: Space) -> bool:
    """Approve requests, remove members and guests, extend guest access."""
    if space.is_archived:
        return False
    return is_admin(user) or role_in(user, space) in MODERATING_ROLES


def can_manage(user: Any, space: Space) -> bool:
    """Change the space's settings, roles and owners; archive and restore."""
    return is_admin(user) or role_in(user, space) == SpaceRole.OWNER


def can_invite(user: Any, space: Space) -> bool:
    if space.is_archived or not (user.is_authenticated and user.is_active):
        return False
    if is_admin(user):
        return True
    role = role_in(user, space)
    if role in MODERATING_ROLES:
        return True
    return role == SpaceRole.MEMBER and space.members_can_invite and is_employee(user)


def can_invite_guests(user: Any, space: Space, *, guests_enabled: bool) -> bool:
    return guests_enabled and can_invite(user, space)


def can_delete(user: Any, space: Space) -> bool:
    return is_admin(user)


def can_see_guest_list(user: Any) -> bool:
    return is_admin(user)
