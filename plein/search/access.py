"""Access keys: who may find a document, stated the same way for documents and for searchers.

A document lists the keys that may see it; a searcher holds keys; a search
returns the documents that share at least one key with the searcher. Both
sides follow the rules in :mod:`plein.spaces.permissions` and
:mod:`plein.stream.permissions` (tests/search/test_permissions_property.py
checks that they agree):

=================  ==========================================================
``employees``      every active employee (open spaces, profile streams, topics)
``space:<id>``     current members of the space, guests included
``dept:<id>``      people in the unit or in any unit below it (targeted news)
``loc:<id>``       people working at the location (targeted news)
=================  ==========================================================

Administrators read every space, so they are not restricted by keys at all.
A deactivated account holds no key.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from plein.accounts.permissions import is_admin, is_employee
from plein.org.models import Department
from plein.search.engines import Boosts
from plein.spaces.models import Membership, Space, SpaceVisibility
from plein.spaces.permissions import current_memberships

EMPLOYEES = "employees"


def space_key(space_id: int) -> str:
    return f"space:{space_id}"


def department_key(department_id: int) -> str:
    return f"dept:{department_id}"


def location_key(location_id: int) -> str:
    return f"loc:{location_id}"


def keys_for_space_content(space: Space | None) -> list[str]:
    """Who may read what is posted in ``space`` (``None``: a profile stream, read by every employee)."""
    if space is None:
        return [EMPLOYEES]
    if space.visibility == SpaceVisibility.OPEN:
        return [EMPLOYEES, space_key(space.pk)]
    return [space_key(space.pk)]


def audience_keys(
    *, everyone: bool = False, department_ids: Any = (), location_ids: Any = (), space_ids: Any = ()
) -> list[str]:
    """Keys for content aimed at an audience (news, pages): everyone, or units, locations and spaces."""
    if everyone:
        return [EMPLOYEES]
    return [
        *(department_key(pk) for pk in department_ids),
        *(location_key(pk) for pk in location_ids),
        *(space_key(pk) for pk in space_ids),
    ]


DEPARTMENT_TREE_KEY = "search:department-tree"
DEPARTMENT_TREE_SECONDS = 600
PATH_STEP = 4


def department_tree() -> list[tuple[int, str, str]]:
    """Every unit as (id, name, path) in tree order; cached, and forgotten when a unit is created or moved."""
    tree: list[tuple[int, str, str]] = (
        cache.get_or_set(
            DEPARTMENT_TREE_KEY,
            lambda: list(Department.objects.order_by("path").values_list("pk", "name", "path")),
            DEPARTMENT_TREE_SECONDS,
        )
        or []
    )
    return tree


def forget_department_tree() -> None:
    cache.delete(DEPARTMENT_TREE_KEY)


def department_and_ancestors(department_id: int) -> list[int]:
    """The unit and every unit above it, from the cached tree (no query when it is cached)."""
    tree = department_tree()
    by_path = {path: pk for pk, _name, path in tree}
    own = next((path for pk, _name, path in tree if pk == department_id), None)
    if own is None:
        return [department_id]
    return [by_path[own[:end]] for end in range(PATH_STEP, len(own) + 1, PATH_STEP) if own[:end] in by_path]


class Searcher:
    """The keys and relevance boosts of one person, read with one query and kept for the request.

    The person's memberships come with the spaces' names, which the results
    page offers as filters; units come from the cached tree.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self.active = bool(user.is_authenticated and user.is_active)
        self.unrestricted = is_admin(user)
        self.employee = is_employee(user)
        self._keys: tuple[str, ...] | None = None
        self._boosts: Boosts | None = None
        self.spaces: list[tuple[int, str]] = []  # (id, name) of current spaces that are not archived

    def _department_ids(self) -> list[int]:
        department_id = getattr(getattr(self.user, "profile", None), "department_id", None)
        return [] if department_id is None else department_and_ancestors(department_id)

    def _load(self) -> None:
        if self._keys is not None:
            return
        if not self.active:
            self._keys, self._boosts = (), Boosts()
            return
        rows = list(
            Membership.objects.filter(current_memberships(), user_id=self.user.pk).values_list(
                "space_id", "space__name", "space__archived_at"
            )
        )
        space_ids = sorted(space_id for space_id, _name, _archived in rows)
        self.spaces = sorted(
            ((pk, name) for pk, name, archived in rows if archived is None), key=lambda s: s[1].lower()
        )
        department_ids = self._department_ids() if self.employee else []
        location_id = getattr(getattr(self.user, "profile", None), "location_id", None) if self.employee else None
        keys = [space_key(pk) for pk in space_ids]
        if self.employee:
            keys += [EMPLOYEES, *(department_key(pk) for pk in department_ids)]
            if location_id is not None:
                keys.append(location_key(location_id))
        self._keys = tuple(keys)
        self._boosts = Boosts(space_ids=tuple(space_ids), department_ids=tuple(department_ids), location_id=location_id)

    @property
    def keys(self) -> tuple[str, ...] | None:
        """The searcher's keys; ``None`` means unrestricted (administrators)."""
        self._load()
        if self.unrestricted:
            return None
        return self._keys

    @property
    def boosts(self) -> Boosts:
        self._load()
        assert self._boosts is not None
        return self._boosts

    def may_see(self, document_keys: list[str]) -> bool:
        if not self.active:
            return False
        keys = self.keys
        return keys is None or bool(set(keys) & set(document_keys))
