from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from plein.accounts.models import User, UserKind


def directory(*, viewer: Any, query: str = "") -> QuerySet[User]:
    """Active employees, with their profile, department and location preloaded."""
    people = (
        User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE)
        .select_related("profile", "profile__department", "profile__location")
        .order_by("last_name", "first_name", "id")
    )
    for word in query.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(profile__function__icontains=word)
        )
    return people


def person(*, viewer: Any, user_id: int) -> User | None:
    return directory(viewer=viewer).prefetch_related("profile__skills").filter(pk=user_id).first()


def new_colleagues(*, viewer: Any, limit: int) -> list[User]:
    """The most recently joined colleagues, newest first."""
    if viewer.kind != UserKind.EMPLOYEE:
        return []
    return list(directory(viewer=viewer).exclude(pk=viewer.pk).order_by("-date_joined", "-id")[:limit])
