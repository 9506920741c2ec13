from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

# The `smtp` fixture: a real SMTP server on loopback for any test that sends mail.
pytest_plugins = ["tests.smtp"]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Site settings and log-in rate limits live in the cache; every test starts clean.
    cache.clear()


@pytest.fixture
def employee(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Sanne", last_name="de Vries")


@pytest.fixture
def employee_client(client, employee):  # type: ignore[no-untyped-def]
    client.force_login(employee)
    return client
