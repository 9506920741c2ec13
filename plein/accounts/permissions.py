"""Who may do what with accounts; every check goes through these predicates."""

from __future__ import annotations

from typing import Any

from plein.accounts.models import UserKind


def is_employee(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.kind == UserKind.EMPLOYEE)


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def must_use_mfa(user: Any, *, policy_on: bool) -> bool:
    """Whether site policy requires this user to have two-factor authentication."""
    return bool(policy_on and user.is_authenticated and (user.is_superuser or user.is_editor))


def can_use_directory(user: Any) -> bool:
    return is_employee(user)
