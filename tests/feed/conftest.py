from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from plein.feed.models import FeedState
from tests.stream.factories import cast


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return cast()


def active(*people: Any) -> None:
    """Mark people as seen recently (the fan-out pushes only to them) with a built inbox."""
    now = timezone.now()
    for person in people:
        FeedState.objects.update_or_create(
            user_id=person.pk, defaults={"last_seen_at": now - timedelta(hours=1), "inbox_built_at": now}
        )
