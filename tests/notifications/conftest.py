from __future__ import annotations

import pytest
from django.utils import translation

from plein.notifications.models import Notification
from tests.stream.factories import Cast, cast


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def world(db) -> Cast:  # type: ignore[no-untyped-def]
    return cast()


def mention(user) -> str:  # type: ignore[no-untyped-def]
    return f"@[{user.first_name} {user.last_name}](user:{user.pk})"


def told(kind: str) -> dict[int, Notification]:
    """The notifications of ``kind``, by recipient (fails when someone has two)."""
    rows = list(Notification.objects.filter(kind=kind))
    by_person = {n.recipient_id: n for n in rows}
    assert len(by_person) == len(rows), "someone was told twice"
    return by_person
