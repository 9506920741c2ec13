"""The stream's predicates on one worked example; tests/spaces/test_permissions_property.py covers the rest."""

from __future__ import annotations

import pytest
from django.utils import timezone

from plein.spaces.models import SpaceVisibility
from plein.stream import permissions
from tests.stream.factories import CommentFactory, PostFactory, cast, fresh

pytestmark = pytest.mark.django_db

PREDICATES = {
    "view": permissions.can_view_post,
    "comment": permissions.can_comment,
    "react": permissions.can_react,
    "edit": permissions.can_edit_post,
    "delete": permissions.can_delete_post,
    "pin": permissions.can_pin,
    "history": permissions.can_see_history,
}


def allowed(user, post) -> set[str]:  # type: ignore[no-untyped-def]
    return {name for name, predicate in PREDICATES.items() if predicate(fresh(user), post)}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", {"view", "comment", "react", "edit", "delete"}),
        ("guest", {"view", "comment", "react"}),
        ("moderator", {"view", "comment", "react", "delete", "pin", "history"}),
        ("admin", {"view", "delete", "pin", "history"}),
        ("outsider", set()),
        ("stranger", set()),
    ],
)
def test_a_post_in_a_closed_space(who, expected):
    world = cast(visibility=SpaceVisibility.CLOSED)
    post = PostFactory(author=world.member, space=world.space)
    assert allowed(getattr(world, who), post) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", {"view", "comment", "react", "edit", "delete"}),
        ("outsider", {"view", "comment", "react"}),
        ("admin", {"view", "comment", "react", "delete", "history"}),
        ("guest", set()),
    ],
)
def test_a_post_on_a_profile(who, expected):
    world = cast()
    assert allowed(getattr(world, who), PostFactory(author=world.member)) == expected


def test_a_deleted_post_is_seen_and_restored_by_moderators_only():
    world = cast()
    post = PostFactory(author=world.member, space=world.space, deleted_at=timezone.now())
    assert allowed(world.member, post) == set()
    assert allowed(world.outsider, post) == set()
    assert allowed(world.moderator, post) == {"view", "history"}
    assert permissions.can_restore_post(fresh(world.moderator), post)
    assert not permissions.can_restore_post(fresh(world.member), post)


def test_anonymous_and_deactivated_people_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    world = cast()
    post = PostFactory(author=world.member, space=world.space)
    assert allowed(world.member, post)
    world.member.is_active = False
    world.member.save()
    assert allowed(world.member, post) == set()
    assert not any(predicate(AnonymousUser(), post) for predicate in PREDICATES.values())
    assert not permissions.can_post_in(AnonymousUser(), None)


def test_comment_predicates():
    world = cast()
    comment = CommentFactory(post=PostFactory(author=world.member, space=world.space), author=world.guest)
    assert permissions.can_edit_comment(fresh(world.guest), comment)
    assert not permissions.can_edit_comment(fresh(world.moderator), comment)
    assert permissions.can_delete_comment(fresh(world.moderator), comment)
    assert not permissions.can_delete_comment(fresh(world.member), comment)
