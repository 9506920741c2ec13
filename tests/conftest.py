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


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``before_flush`` need the rows that migrations wrote (Wagtail's editors' groups and
    review workflow); every transactional test empties the tables when it ends, so these run first
    among the transactional tests (pytest-django has already put those after the others)."""
    first = next((i for i, item in enumerate(items) if _is_transactional(item)), None)
    if first is None:
        return
    early = [item for item in items[first:] if item.get_closest_marker("before_flush")]
    rest = [item for item in items[first:] if not item.get_closest_marker("before_flush")]
    items[first:] = early + rest
