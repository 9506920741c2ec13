from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from plein.accounts.models import User
from plein.accounts.permissions import can_use_directory
from plein.org.models import Department
from plein.people.selectors import directory

MIN_QUERY_LENGTH = 2


def search_people(*, viewer: Any, query: str) -> QuerySet[User]:
    if not can_use_directory(viewer) or len(query) < MIN_QUERY_LENGTH:
        return User.objects.none()
    return directory(viewer=viewer, query=query)


def search_departments(*, viewer: Any, query: str) -> QuerySet[Department]:
    if not can_use_directory(viewer) or len(query) < MIN_QUERY_LENGTH:
        return Department.objects.none()
    return Department.objects.filter(name__icontains=query).order_by("path")
