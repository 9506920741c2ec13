"""The people most spaces tests need: an owner, a colleague, an administrator and an external guest."""

from __future__ import annotations

import pytest

from tests.factories import GuestFactory, UserFactory


@pytest.fixture
def owner(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Olga", last_name="Eigenaar")


@pytest.fixture
def colleague(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Pieter", last_name="Bakker")


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Ada", last_name="Beheer", is_superuser=True, is_staff=True)


@pytest.fixture
def guest(db):  # type: ignore[no-untyped-def]
    return GuestFactory(first_name="Gijs", last_name="Extern")
