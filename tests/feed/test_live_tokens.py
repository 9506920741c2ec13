"""Live audience tokens: space events reach the space's current members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.live.auth import tokens_for
from plein.spaces.models import Membership
from tests.stream.factories import cast

pytestmark = pytest.mark.django_db


def test_tokens_include_current_spaces_in_one_query(django_assert_num_queries):
    world = cast()
    with django_assert_num_queries(1):
        tokens = tokens_for(world.member)
    assert tokens == {f"user:{world.member.pk}", "org", f"space:{world.space.pk}"}
    assert tokens_for(world.guest) == {f"user:{world.guest.pk}", f"space:{world.space.pk}"}
    Membership.objects.filter(user=world.guest).update(expires_at=timezone.now() - timedelta(days=1))
    assert tokens_for(world.guest) == {f"user:{world.guest.pk}"}
