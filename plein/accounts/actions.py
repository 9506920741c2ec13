"""Writes on accounts: one function per verb, each in a transaction with its event."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from plein.accounts.models import User, UserKind
from plein.accounts.roles import sync_role_groups
from plein.core.events import audience_user, record_event
from plein.people.models import Profile
from plein.people.search import refresh_search_text

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def create_user(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None = None,
    kind: str = UserKind.EMPLOYEE,
    actor: User | None = None,
    is_admin: bool = False,
    is_editor: bool = False,
    is_chief_editor: bool = False,
    is_community_manager: bool = False,
    profile: dict[str, Any] | None = None,
) -> User:
    """Create a person with a verified e-mail address and an empty profile."""
    with transaction.atomic():
        manager = User.objects
        make = manager.create_superuser if is_admin else manager.create_user
        user = make(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            kind=kind,
            is_editor=is_editor,
            is_chief_editor=is_chief_editor,
            is_community_manager=is_community_manager,
        )
        if is_editor or is_chief_editor:
            sync_role_groups(user)
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        Profile.objects.create(user=user, **(profile or {}))
        refresh_search_text([user.pk])
        record_event(kind="user.created", actor=actor, subject=user, audience=[audience_user(user.pk)])
    return user


def set_language(*, user: User, language: str) -> User:
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {language!r}.")
    with transaction.atomic():
        user.language = language
        user.save(update_fields=["language"])
        record_event(
            kind="user.language_changed",
            actor=user,
            subject=user,
            audience=[audience_user(user.pk)],
            payload={"language": language},
        )
    return user
