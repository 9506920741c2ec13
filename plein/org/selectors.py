"""Reads on the organisation tree.

The tree is never loaded whole: a page reads one unit, its ancestors (by
path, one query), one page of child units, one page of members, and one
aggregate that counts people per child subtree by path prefix. Each of those
is a fixed number of queries, whether the tree has 30 units or 6,000.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length, Lower, Substr

from plein.accounts.models import User, UserKind
from plein.org.models import PATH_STEP, Department

OVERVIEW_DEPTH = 3  # the organisation, its directorates and their departments
HEADCOUNT_SECONDS = 300


def ancestors(department: Department) -> list[Department]:
    """The chain from the organisation down to (not including) ``department``, in one query."""
    paths = department.ancestor_paths()
    if not paths:
        return []
    return list(Department.objects.filter(path__in=paths).order_by("path"))


def root_department() -> Department | None:
    return Department.objects.filter(parent__isnull=True).order_by("path").first()


def department(department_id: int) -> Department | None:
    return (
        Department.objects.select_related("manager", "manager__profile", "manager__profile__department")
        .filter(pk=department_id)
        .first()
    )


def children(department: Department) -> QuerySet[Department]:
    return Department.objects.filter(parent=department).order_by("name", "id")


def members(department: Department) -> QuerySet[User]:
    """Active employees whose own unit is ``department`` (not its sub-units)."""
    return (
        User.objects.filter(is_active=True, kind=UserKind.EMPLOYEE, profile__department=department)
        .select_related("profile", "profile__department", "profile__location")
        .order_by(Lower("last_name"), Lower("first_name"), "id")
    )


@dataclass
class Headcount:
    """People in a unit: ``direct`` in the unit itself, ``by_child`` per child unit's whole subtree."""

    direct: int
    by_child: dict[str, int]  # child path -> people in that child and everything below it
    child_units: int  # how many child units there are

    @property
    def total(self) -> int:
        return self.direct + sum(self.by_child.values())


def headcount(department: Department) -> Headcount:
    """People in the subtree of ``department``, per child unit: one aggregate query, cached for a few minutes.

    Every unit below ``department`` is grouped by the first step of its path
    below it (the child it belongs to); the unit itself forms its own group.
    So one pass over the subtree gives the direct members, each child's
    headcount and the number of child units. The pass costs time in
    proportion to the people below (about 0.4 s for 100,000 on SQLite), and
    headcounts change slowly, so the result is cached.
    """
    key = f"org:headcount:{department.pk}:{department.path}"
    cached = cache.get(key)
    if cached is None:
        cached = _count_subtree(department)
        cache.set(key, cached, HEADCOUNT_SECONDS)
    return cached


def _count_subtree(department: Department) -> Headcount:
    own = len(department.path)
    active = Q(members__user__is_active=True, members__user__kind=UserKind.EMPLOYEE)
    rows = (
        Department.objects.filter(path__startswith=department.path)
        .annotate(branch=Substr("path", 1, own + PATH_STEP))
        .order_by()
        .values("branch")
        .annotate(people=Count("members", filter=active))
    )
    result = Headcount(direct=0, by_child={}, child_units=0)
    for row in rows:
        if row["branch"] == department.path:
            result.direct = row["people"]
        else:
            result.by_child[row["branch"]] = row["people"]
            result.child_units += 1
    return result


@dataclass
class Branch:
    unit: Department
    children: list[Department]


def overview() -> tuple[Department, list[Branch]] | None:
    """The organisation and its top levels (directorates with their departments) in one query."""
    units = list(
        Department.objects.annotate(path_length=Length("path"))
        .filter(path_length__lte=OVERVIEW_DEPTH * PATH_STEP)
        .select_related("manager", "manager__profile", "manager__profile__department")
        .order_by("path")
    )
    if not units:
        return None
    root = units[0]
    branches: dict[str, Branch] = {}
    for unit in units[1:]:
        if not unit.path.startswith(root.path):
            continue  # a second root: only the first organisation is shown
        if unit.depth == root.depth + 1:
            branches[unit.path] = Branch(unit, [])
        elif unit.path[:-PATH_STEP] in branches:
            branches[unit.path[:-PATH_STEP]].children.append(unit)
    return root, list(branches.values())


def with_headcounts(units: Iterable[Department], headcount: Headcount) -> list[Department]:
    """Set ``unit.people`` (everyone in the unit's subtree) on child units from their parent's headcount."""
    units = list(units)
    for unit in units:
        unit.people = headcount.by_child.get(unit.path, 0)  # type: ignore[attr-defined]
    return units
