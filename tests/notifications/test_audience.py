"""The SQL twin of can_view_post decides the same as the predicate, person by person."""

from __future__ import annotations

import pytest
from django.utils import timezone

from plein.notifications.audience import post_readers
from plein.spaces.models import SpaceVisibility
from plein.stream.permissions import can_view_post
from tests.factories import UserFactory
from tests.stream.factories import PostFactory, cast, fresh

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("visibility", [SpaceVisibility.OPEN, SpaceVisibility.CLOSED, SpaceVisibility.SECRET, None])
@pytest.mark.parametrize("deleted", [False, True])
def test_post_readers_match_can_view_post(visibility, deleted):
    world = cast(visibility=visibility or SpaceVisibility.OPEN)
    gone = UserFactory(is_active=False)
    world.space.memberships.filter(user=world.guest).update(expires_at=timezone.now() - timezone.timedelta(hours=1))
    space = world.space if visibility else None
    post = PostFactory(author=world.member, space=space, deleted_at=timezone.now() if deleted else None)
    people = [
        world.owner,
        world.moderator,
        world.member,
        world.outsider,
        world.admin,
        world.guest,
        world.stranger,
        gone,
    ]
    sql = set(post_readers(post).values_list("pk", flat=True))
    for person in people:
        expected = can_view_post(fresh(person), post) and not deleted
        assert (person.pk in sql) is expected, (person.first_name, visibility, deleted)
