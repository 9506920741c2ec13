"""The one read function for every channel: defaults, choices, space levels, thread mutes, quiet times."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from plein.core.dispatch import deliver_pending
from plein.notifications import actions as notification_actions
from plein.notifications.kinds import Channel
from plein.notifications.models import SpaceLevel
from plein.notifications.preferences import is_quiet, quiet_until, wants, wants_many
from plein.stream import actions
from plein.stream.models import Post
from tests.factories import UserFactory
from tests.notifications.conftest import mention, told
from tests.stream.factories import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    return UserFactory()


@pytest.mark.parametrize(
    ("kind", "email"),
    [
        ("mention", True),
        ("comment_reply", True),
        ("news_must_read", True),
        ("space_join_requested", True),
        ("space_added", True),
        ("post_comment", False),
        ("thread_comment", False),
        ("post_reaction", False),
        ("space_announcement", False),
        ("welcome", False),
    ],
)
def test_defaults_send_only_what_matters_by_email(person, kind, email):
    assert wants(person, kind, Channel.IN_APP)
    assert wants(person, kind, Channel.EMAIL) is email


def test_a_choice_overrides_the_default_but_reactions_never_go_by_email(person):
    notification_actions.save_channels(
        user=person,
        channels={"comments": {"email": True}, "reactions": {"email": True}, "mentions": {"push": False}},
        digest="weekly",
    )
    assert wants(person, "post_comment", Channel.EMAIL)
    assert not wants(person, "post_reaction", Channel.EMAIL)
    assert not wants(person, "mention", Channel.PUSH)
    assert person.notification_settings.channels["comments"] == {"email": True}
    # Must-reads always show in Plein.
    notification_actions.save_channels(user=person, channels={"must_read": {"in_app": False}}, digest="daily")
    assert wants(person, "news_must_read", Channel.IN_APP)


def test_quiet_hours_and_days_hold_back_email_and_push_only(person):
    notification_actions.save_quiet_times(
        user=person, quiet_from=datetime.time(20, 0), quiet_until=datetime.time(7, 0), quiet_days=[5, 6]
    )
    tuesday_night = timezone.make_aware(datetime.datetime(2026, 12, 1, 22, 30))
    tuesday_noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    saturday_noon = timezone.make_aware(datetime.datetime(2026, 12, 5, 12, 0))
    assert not wants(person, "mention", Channel.EMAIL, at=tuesday_night)
    assert not wants(person, "mention", Channel.PUSH, at=saturday_noon)
    assert wants(person, "mention", Channel.EMAIL, at=tuesday_noon)
    assert wants(person, "mention", Channel.IN_APP, at=tuesday_night)
    assert wants(person, "mention", Channel.DIGEST, at=saturday_noon)
    settings = person.notification_settings
    assert quiet_until(settings, tuesday_night) == timezone.make_aware(datetime.datetime(2026, 12, 2, 7, 0))
    assert quiet_until(settings, saturday_noon) == timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 0))


def test_pause_stops_email_digest_and_push_for_n_days(person):
    settings = notification_actions.pause(user=person, days=3)
    assert not wants(person, "mention", Channel.EMAIL)
    assert not wants(person, "mention", Channel.DIGEST)
    assert wants(person, "mention", Channel.IN_APP)
    assert not is_quiet(settings, timezone.now() + datetime.timedelta(days=3, minutes=1))
    assert quiet_until(settings) == timezone.localtime(settings.paused_until)
    notification_actions.pause(user=person, days=0)
    assert wants(person, "mention", Channel.EMAIL)


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        (SpaceLevel.ALL, {"mention", "post_comment", "thread_comment", "space_post"}),
        (SpaceLevel.POSTS, {"mention", "post_comment", "thread_comment", "space_post"}),
        (SpaceLevel.DEFAULT, {"mention", "post_comment", "thread_comment"}),
        (SpaceLevel.MENTIONS, {"mention"}),
        (SpaceLevel.MUTED, set()),
    ],
)
def test_space_levels(world, level, allowed):
    notification_actions.set_space_level(user=world.member, space=world.space, level=level)
    kinds = {"mention", "post_comment", "thread_comment", "space_post"}
    got = {kind for kind in kinds if wants(world.member, kind, Channel.IN_APP, space_id=world.space.pk)}
    assert got == allowed
    # Elsewhere nothing changes, and kinds outside the stream are not the space's business.
    assert wants(world.member, "post_comment", Channel.IN_APP, space_id=None)
    assert wants(world.member, "space_role_changed", Channel.IN_APP, space_id=world.space.pk)


def test_a_muted_space_hears_nothing_in_app_and_everything_hears_every_post(world):
    notification_actions.set_space_level(user=world.owner, space=world.space, level=SpaceLevel.MUTED)
    notification_actions.set_space_level(user=world.moderator, space=world.space, level=SpaceLevel.ALL)
    actions.create_post(author=world.member, space=world.space, body=f"Hoi {mention(world.owner)}")
    actions.create_post(author=world.member, space=world.space, body="Nog een")
    deliver_pending()
    assert not told("mention")
    space_posts = told("space_post")
    assert set(space_posts) == {world.moderator.pk}
    assert space_posts[world.moderator.pk].count == 2


def test_wants_many_has_a_fixed_query_count(world, django_assert_num_queries):
    people = [UserFactory() for _ in range(30)]
    for person in people[::3]:
        notification_actions.set_space_level(user=person, space=world.space, level=SpaceLevel.MUTED)
    post = actions.create_post(author=world.owner, space=world.space, body="Draad")
    actions.set_thread_follow(user=fresh(people[1]), post=Post.objects.get(pk=post.pk), follow=False)
    ids = [p.pk for p in people]
    with django_assert_num_queries(3):  # settings, space levels, thread mutes
        wanted = wants_many(ids, "thread_comment", Channel.IN_APP, space_id=world.space.pk, post_id=post.pk)
    assert wanted == {p.pk for n, p in enumerate(people) if n % 3 and n != 1}
