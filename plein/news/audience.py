"""Who a news item or work-process page is for — the one place for targeting rules.

- ``audience_everyone``: every employee (not external guests), plus the current members
  of any chosen spaces (so choosing a space next to "everyone" still reaches its guests).
- otherwise the union of the chosen departments *and their sub-departments*, the
  chosen locations and the current members of the chosen spaces (guests included).
- External guests therefore only ever see content targeted to one of their spaces.

Editors and administrators may open any item (to check it), but lists and the
home feed show them only what targets them, like everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from plein.accounts.models import User, UserKind
from plein.accounts.permissions import is_employee
from plein.org.models import PATH_STEP
from plein.people.models import Profile
from plein.spaces.models import Membership
from plein.spaces.permissions import current_memberships, roles_of

_CACHE_ATTRIBUTE = "_plein_audience_keys"


@dataclass(frozen=True)
class Keys:
    """What a person is targeted by: employee or not, department path, location, spaces (for one item)."""

    employee: bool
    department_paths: tuple[str, ...]
    location_id: int | None
    space_ids: tuple[int, ...]


def keys_of(user: Any) -> Keys:
    """A person's targeting keys; one query (plus the cached space roles), kept for the request."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if not (user.is_authenticated and user.is_active):
        return Keys(False, (), None, ())
    row = User.objects.filter(pk=user.pk).values_list("profile__department__path", "profile__location_id").first()
    path, location_id = row if row else (None, None)
    employee = is_employee(user)
    if not employee:  # guests are reached through their spaces only
        path, location_id = None, None
    paths = tuple(path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)) if path else ()
    keys = Keys(
        employee=employee,
        department_paths=paths,
        location_id=location_id,
        space_ids=tuple(sorted(roles_of(user))),
    )
    setattr(user, _CACHE_ATTRIBUTE, keys)
    return keys


def targeting(model: Any, user: Any) -> Q:
    """Filter on ``model`` (NewsItem or ProcessPage) for the items whose audience includes ``user``.

    Entirely in SQL (the person's department, location and spaces are subqueries), so a
    list of news costs no extra queries.
    """
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    link = f"{model._meta.model_name}_id"
    spaces = model.audience_spaces.through.objects.filter(
        **{link: OuterRef("pk")},
        space_id__in=Membership.objects.filter(current_memberships(), user_id=user.pk).values("space_id"),
    )
    query = Q(Exists(spaces))
    if is_employee(user):
        profile = Profile.objects.filter(user_id=user.pk)
        departments = model.audience_departments.through.objects.filter(**{link: OuterRef("pk")}).filter(
            Exists(profile.filter(department__path__startswith=OuterRef("department__path")))
        )
        locations = model.audience_locations.through.objects.filter(
            **{link: OuterRef("pk")}, location_id=Subquery(profile.values("location_id")[:1])
        )
        query |= Q(audience_everyone=True) | Q(Exists(departments)) | Q(Exists(locations))
    return query


def is_targeted(user: Any, item: Any) -> bool:
    """Whether ``item``'s audience includes ``user`` (the rule of :func:`targeting`, in Python)."""
    keys = keys_of(user)
    if item.audience_everyone and keys.employee:
        return True
    if keys.department_paths and any(d.path in keys.department_paths for d in item.audience_departments.all()):
        return True
    if keys.location_id and any(loc.pk == keys.location_id for loc in item.audience_locations.all()):
        return True
    return bool(keys.space_ids) and any(s.pk in keys.space_ids for s in item.audience_spaces.all())


def audience_users(item: Any) -> QuerySet[User]:
    """The active people an item is for (must-read statistics, reminders, the attention budget)."""
    return audience_users_for(
        everyone=item.audience_everyone,
        department_paths=[d.path for d in item.audience_departments.all()],
        location_ids=[loc.pk for loc in item.audience_locations.all()],
        space_ids=[s.pk for s in item.audience_spaces.all()],
    )


def audience_users_for(
    *, everyone: bool, department_paths: list[str], location_ids: list[int], space_ids: list[int]
) -> QuerySet[User]:
    query = Q(kind=UserKind.EMPLOYEE) if everyone else Q(pk__in=[])
    for prefix in department_paths:
        query |= Q(kind=UserKind.EMPLOYEE, profile__department__path__startswith=prefix)
    if location_ids:
        query |= Q(kind=UserKind.EMPLOYEE, profile__location_id__in=location_ids)
    if space_ids:
        members = Membership.objects.filter(current_memberships(), space_id__in=space_ids, user_id=OuterRef("pk"))
        query |= Q(Exists(members))
    return User.objects.filter(query, is_active=True)


def describe(item: Any) -> list[str]:
    """The audience in words, for editors."""
    if item.audience_everyone:
        return []
    return [
        *(str(d) for d in item.audience_departments.all()),
        *(str(loc) for loc in item.audience_locations.all()),
        *(str(s) for s in item.audience_spaces.all()),
    ]
