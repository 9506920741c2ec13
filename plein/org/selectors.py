from __future__ import annotations

from django.db.models import QuerySet

from plein.accounts.models import User
from plein.org.models import Department


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
    return department.children.select_related("manager").order_by("name")


def members(department: Department) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, profile__department=department)
        .select_related("profile", "profile__department", "profile__location")
        .order_by("last_name", "first_name", "id")
    )
