"""Fan-out: who gets a new post in their inbox, pushed by the worker after create_post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from plein.core.dispatch import deliver_pending
from plein.core.models import Interaction, InteractionKind
from plein.feed import fanout
from plein.feed.models import FeedState, InboxEntry, InboxReason
from plein.spaces.models import SpaceVisibility
from plein.stream import actions
from plein.stream.models import Topic
from tests.factories import GuestFactory, UserFactory
from tests.feed.conftest import active
from tests.stream.factories import cast

pytestmark = pytest.mark.django_db


def inbox(post) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return dict(InboxEntry.objects.filter(post=post).values_list("user_id", "reason"))


def follow(user, target) -> None:  # type: ignore[no-untyped-def]
    Interaction.objects.create(
        user=user,
        kind=InteractionKind.FOLLOW,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    )


def test_space_members_who_were_here_recently_get_the_post(world):
    active(world.owner, world.moderator, world.guest, world.outsider)
    post = actions.create_post(author=world.member, space=world.space, body="Koffie om drie uur")
    deliver_pending()
    assert inbox(post) == {
        world.owner.pk: InboxReason.SPACE,
        world.moderator.pk: InboxReason.SPACE,
        world.guest.pk: InboxReason.SPACE,
    }


def test_people_away_for_long_or_never_seen_get_nothing(world):
    FeedState.objects.create(user=world.owner, last_seen_at=timezone.now() - timedelta(days=30))
    post = actions.create_post(author=world.member, space=world.space, body="Hallo")
    deliver_pending()
    assert inbox(post) == {}


def test_followers_of_the_author_and_topic_and_mentions(world):
    fan, reader, named = UserFactory(), UserFactory(), UserFactory()
    active(fan, reader, named)
    follow(fan, world.member)
    actions.create_post(author=world.member, space=world.space, body="eerst #werkplek")
    follow(reader, Topic.objects.get(slug="werkplek"))
    post = actions.create_post(
        author=world.member, space=world.space, body=f"#werkplek vraag aan @[Naam](user:{named.pk})"
    )
    deliver_pending()
    assert inbox(post) == {
        fan.pk: InboxReason.PERSON,
        reader.pk: InboxReason.TOPIC,
        named.pk: InboxReason.MENTION,
    }


def test_only_those_who_may_read_closed_and_secret_spaces(world):
    for visibility in (SpaceVisibility.CLOSED, SpaceVisibility.SECRET):
        closed = cast(visibility=visibility)
        fan = UserFactory()
        active(fan, closed.owner)
        follow(fan, closed.member)
        post = actions.create_post(author=closed.member, space=closed.space, body="Binnenskamers")
        deliver_pending()
        assert fan.pk not in inbox(post)
        assert closed.owner.pk in inbox(post)


def test_open_space_posts_reach_employee_followers_but_profile_posts_not_guests(world):
    fan, guest_fan = UserFactory(), GuestFactory()
    active(fan, guest_fan)
    follow(fan, world.member)
    follow(guest_fan, world.member)
    in_space = actions.create_post(author=world.member, space=world.space, body="Open voor iedereen")
    on_profile = actions.create_post(author=world.member, body="Op mijn profiel")
    deliver_pending()
    assert inbox(in_space) == {fan.pk: InboxReason.PERSON}
    assert inbox(on_profile) == {fan.pk: InboxReason.PERSON}


def test_large_spaces_are_not_pushed(world, settings):
    settings.PLEIN_FEED_PUSH_MAX_MEMBERS = 3  # the space has four members
    active(world.owner, world.moderator)
    post = actions.create_post(author=world.member, space=world.space, body="Voor de hele organisatie")
    deliver_pending()
    assert inbox(post) == {}


def test_fan_out_is_idempotent_and_skips_deleted_posts(world):
    active(world.owner)
    post = actions.create_post(author=world.member, space=world.space, body="Twee keer")
    deliver_pending()
    assert fanout.fan_out(post.pk) == 1
    assert InboxEntry.objects.filter(post=post).count() == 1
    gone = actions.create_post(author=world.member, space=world.space, body="Weg")
    actions.delete_post(actor=world.member, post=gone)
    deliver_pending()
    assert inbox(gone) == {}


def test_the_author_never_gets_their_own_post(world):
    active(world.member, world.owner)
    follow(world.member, world.member)
    post = actions.create_post(author=world.member, space=world.space, body="Van mij")
    deliver_pending()
    assert world.member.pk not in inbox(post)


def test_trim_inboxes_drops_entries_older_than_the_look_back(world, settings):
    active(world.owner)
    post = actions.create_post(author=world.member, space=world.space, body="Oud")
    deliver_pending()
    InboxEntry.objects.update(created_at=timezone.now() - timedelta(days=settings.PLEIN_FEED_KEEP_DAYS + 1))
    fresh = actions.create_post(author=world.member, space=world.space, body="Nieuw")
    deliver_pending()
    assert fanout.trim_inboxes() == 1
    assert list(InboxEntry.objects.values_list("post_id", flat=True)) == [fresh.pk]
    assert post.pk
