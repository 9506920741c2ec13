"""What site search finds: people, spaces and departments, each with the viewer's visibility applied.

Employees search the directory, every space that exists for them and the
department tree. A guest finds only their own spaces and the colleagues in
them, matched on what guests may see of a person (name and function).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from plein.accounts.models import User
from plein.accounts.permissions import can_use_directory
from plein.org.models import Department
from plein.people.selectors import directory
from plein.spaces.models import Space
from plein.spaces.selectors import SpaceFilters, people_sharing_a_space, space_overview

MIN_QUERY_LENGTH = 2


def search_people(*, viewer: Any, query: str) -> QuerySet[User]:
    if len(query) < MIN_QUERY_LENGTH or not viewer.is_authenticated:
        return User.objects.none()
    if can_use_directory(viewer):
        return directory(viewer=viewer, query=query)
    people = people_sharing_a_space(viewer).select_related("profile")
    for word in query.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(profile__function__icontains=word)
        )
    return people.order_by("last_name", "first_name", "pk")


def search_spaces(*, viewer: Any, query: str) -> QuerySet[Space]:
    """Spaces that exist for the viewer, not archived, whose name or description holds every word.

    Accents are ignored through the slug (made from the name without them):
    "cafe" finds "Schrijfcafé". Names that start with the query come first.
    """
    if len(query) < MIN_QUERY_LENGTH:
        return Space.objects.none()
    rank = Case(
        When(name__istartswith=query, then=Value(0)),
        When(name__icontains=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    spaces = space_overview(viewer=viewer, filters=SpaceFilters(query=" ".join(query.split())[:100]))
    return spaces.annotate(rank=rank).order_by("rank", "-last_activity_at", "name")


def search_departments(*, viewer: Any, query: str) -> QuerySet[Department]:
    if not can_use_directory(viewer) or len(query) < MIN_QUERY_LENGTH:
        return Department.objects.none()
    return Department.objects.filter(name__icontains=query).order_by("path")
