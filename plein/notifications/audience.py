"""Who may open a post, for many people in one query: the SQL twin of
:func:`plein.stream.permissions.can_view_post` (tests compare the two person by person).

A post in a space: administrators, current members, and employees when the space is open.
A post on a profile stream: employees and administrators. Only active accounts; nobody for a
deleted post (notifications are never about deleted posts).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from plein.accounts.models import User, UserKind
from plein.spaces.models import Membership, SpaceVisibility
from plein.spaces.permissions import current_memberships
from plein.stream.models import Post

SPACE_MENTION_LIMIT_DEFAULT = 100


def space_mention_limit() -> int:
    return int(getattr(settings, "PLEIN_NOTIFY_SPACE_MENTION_MAX", SPACE_MENTION_LIMIT_DEFAULT))


def post_readers(post: Post) -> QuerySet[User]:
    """Everyone who may open ``post``, as a queryset to narrow further."""
    people = User.objects.filter(is_active=True)
    if post.deleted_at is not None:
        return people.none()
    if post.space_id is None:
        return people.filter(Q(kind=UserKind.EMPLOYEE) | Q(is_superuser=True))
    member = Exists(Membership.objects.filter(current_memberships(), space_id=post.space_id, user_id=OuterRef("pk")))
    readable: Q = Q(is_superuser=True) | Q(member)
    space = post.space
    if space is not None and space.visibility == SpaceVisibility.OPEN:
        readable |= Q(kind=UserKind.EMPLOYEE)
    return people.filter(readable)


def readers_among(post: Post, user_ids: Iterable[int]) -> set[int]:
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return set()
    return set(post_readers(post).filter(pk__in=ids).values_list("pk", flat=True))


def current_member_ids(space_id: int) -> list[int]:
    return list(
        Membership.objects.filter(current_memberships(), space_id=space_id, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
