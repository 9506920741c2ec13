"""Reading the feed: inbox merged with large spaces, order, filters, paging, read state, visits, catch-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from plein.core.dispatch import deliver_pending
from plein.feed import actions, selectors
from plein.feed.models import FeedState, InboxEntry, InboxReason, PostRead
from plein.feed.selectors import FeedFilter
from plein.spaces.models import Membership, SpaceVisibility
from plein.stream import actions as stream_actions
from tests.feed.conftest import active
from tests.stream.factories import CommentFactory, PostFactory, cast, fresh

pytestmark = pytest.mark.django_db


def ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [item.post.pk for item in page.items]


def push(user, post, reason=InboxReason.SPACE) -> None:  # type: ignore[no-untyped-def]
    InboxEntry.objects.create(user=user, post=post, reason=reason, created_at=post.created_at)


def test_inbox_and_large_spaces_merge_newest_first(world, settings):
    now = timezone.now()
    big = cast()
    settings.PLEIN_FEED_PUSH_MAX_MEMBERS = 3
    from tests.spaces.factories import add_member

    add_member(big.space, world.owner)
    pulled = PostFactory(space=big.space, author=big.member, created_at=now - timedelta(hours=2))
    mine_in_big = PostFactory(space=big.space, author=world.owner, created_at=now - timedelta(hours=1))
    old = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(hours=3))
    new = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=5))
    push(world.owner, old)
    push(world.owner, new)
    page = selectors.home_feed(fresh(world.owner))
    assert ids(page) == [new.pk, pulled.pk, old.pk]
    assert mine_in_big.pk not in ids(page)
    assert [item.reason for item in page.items] == [InboxReason.SPACE] * 3


def test_filters_pick_by_reason(world):
    space_post = PostFactory(space=world.space, author=world.member)
    person_post = PostFactory(author=world.member)
    mention = PostFactory(author=world.member)
    topic_post = PostFactory(author=world.member)
    push(world.owner, space_post)
    push(world.owner, person_post, InboxReason.PERSON)
    push(world.owner, mention, InboxReason.MENTION)
    push(world.owner, topic_post, InboxReason.TOPIC)
    viewer = fresh(world.owner)
    assert set(ids(selectors.home_feed(viewer, feed_filter=FeedFilter.SPACES))) == {space_post.pk}
    assert set(ids(selectors.home_feed(viewer, feed_filter=FeedFilter.PEOPLE))) == {person_post.pk, mention.pk}
    assert set(ids(selectors.home_feed(viewer, feed_filter=FeedFilter.TOPICS))) == {topic_post.pk}
    assert selectors.home_feed(viewer, feed_filter=FeedFilter.MUST_READ).items == []
    assert len(selectors.home_feed(viewer).items) == 4
    assert FeedFilter.parse("onzin") == FeedFilter.ALL


def test_cursor_paging_walks_the_whole_feed_once(world):
    now = timezone.now()
    posts = [
        PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=n))
        for n in range(selectors.PAGE_SIZE + 5)
    ]
    for post in posts:
        push(world.owner, post)
    viewer = fresh(world.owner)
    first = selectors.home_feed(viewer)
    assert len(first.items) == selectors.PAGE_SIZE
    assert first.next_before is not None
    second = selectors.home_feed(viewer, before=first.next_before)
    assert second.next_before is None
    assert ids(first) + ids(second) == [post.pk for post in posts]


def test_stale_entries_do_not_show(world):
    closed = cast(visibility=SpaceVisibility.CLOSED)
    secret_post = PostFactory(space=closed.space, author=closed.owner)
    open_post = PostFactory(space=world.space, author=world.owner)
    deleted = PostFactory(space=world.space, author=world.owner, deleted_at=timezone.now())
    for post in (secret_post, open_post, deleted):
        push(closed.member, post)
    from tests.spaces.factories import add_member

    add_member(world.space, closed.member)
    assert set(ids(selectors.home_feed(fresh(closed.member)))) == {secret_post.pk, open_post.pk}
    Membership.objects.filter(user=closed.member).delete()
    # Left both: the closed space's post is unreadable, the open space's is no longer "in your space".
    assert ids(selectors.home_feed(fresh(closed.member))) == []


def test_unread_read_marks_and_mark_all_read(world):
    first = PostFactory(space=world.space, author=world.member, created_at=timezone.now() - timedelta(hours=1))
    second = PostFactory(space=world.space, author=world.member)
    push(world.owner, first)
    push(world.owner, second)
    assert [i.unread for i in selectors.home_feed(fresh(world.owner)).items] == [True, True]
    actions.mark_read(user=world.owner, post_ids=[second.pk, second.pk])
    assert [i.unread for i in selectors.home_feed(fresh(world.owner)).items] == [False, True]
    actions.mark_all_read(user=world.owner)
    assert [i.unread for i in selectors.home_feed(fresh(world.owner)).items] == [False, False]


def test_mark_read_ignores_posts_the_user_cannot_see(world):
    closed = cast(visibility=SpaceVisibility.CLOSED)
    hidden = PostFactory(space=closed.space, author=closed.owner)
    seen = PostFactory(space=world.space, author=world.member)
    assert actions.mark_read(user=world.outsider, post_ids=[hidden.pk, seen.pk]) == 1
    assert list(PostRead.objects.values_list("post_id", flat=True)) == [seen.pk]


def test_new_since_last_visit_counts_from_the_previous_visit(world):
    now = timezone.now()
    before = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(days=2))
    after = [PostFactory(space=world.space, author=world.member, created_at=now - timedelta(hours=n)) for n in (1, 2)]
    for post in (before, *after):
        push(world.owner, post)
    FeedState.objects.create(user=world.owner, last_seen_at=now - timedelta(days=1), inbox_built_at=now)
    viewer = fresh(world.owner)
    actions.record_visit(user=viewer)
    assert selectors.new_since_last_visit(viewer) == 2
    assert selectors.home_feed(viewer).new_count == 2


def test_record_visit_is_throttled(world, django_assert_num_queries):
    viewer = fresh(world.owner)
    actions.record_visit(user=viewer)
    seen = FeedState.objects.get(user=world.owner).last_seen_at
    again = fresh(world.owner)
    with django_assert_num_queries(0):  # the cached state says the visit was written just now
        actions.record_visit(user=again)
    assert FeedState.objects.get(user=world.owner).last_seen_at == seen
    cache.clear()
    viewer = fresh(world.owner)
    with django_assert_num_queries(1):  # without the cache: reads the row, still writes nothing
        actions.record_visit(user=viewer)
    FeedState.objects.filter(user=world.owner).update(last_seen_at=seen - timedelta(minutes=6))
    cache.clear()
    actions.record_visit(user=fresh(world.owner))
    assert FeedState.objects.get(user=world.owner).last_seen_at > seen


def test_a_returning_person_gets_their_inbox_rebuilt(world):
    from django.contrib.contenttypes.models import ContentType

    from plein.core.models import Interaction, InteractionKind

    FeedState.objects.create(user=world.owner, last_seen_at=timezone.now() - timedelta(days=60))
    in_space = stream_actions.create_post(author=world.member, space=world.space, body="Terwijl je weg was")
    mention = stream_actions.create_post(author=world.outsider, body=f"Hoi @[Olga](user:{world.owner.pk})")
    followed = stream_actions.create_post(author=world.outsider, body="Van iemand die je volgt")
    stream_actions.create_post(author=world.owner, space=world.space, body="Van mezelf")
    deliver_pending()
    assert InboxEntry.objects.filter(user=world.owner).count() == 0  # away: nothing pushed
    Interaction.objects.create(
        user=world.owner,
        kind=InteractionKind.FOLLOW,
        target_type=ContentType.objects.get_for_model(world.outsider),
        target_id=world.outsider.pk,
    )
    actions.record_visit(user=fresh(world.owner))
    assert dict(InboxEntry.objects.filter(user=world.owner).values_list("post_id", "reason")) == {
        in_space.pk: InboxReason.SPACE,
        mention.pk: InboxReason.MENTION,
        followed.pk: InboxReason.PERSON,
    }


def test_catch_up_ranks_mentions_replies_announcements_then_the_rest(world):
    now = timezone.now()
    FeedState.objects.create(
        user=world.owner, last_seen_at=now, previous_visit_at=now - timedelta(days=1), inbox_built_at=now
    )
    rest = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=1))
    announcement = PostFactory(
        space=world.space, author=world.member, is_announcement=True, created_at=now - timedelta(minutes=2)
    )
    replied = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=3))
    mention = PostFactory(author=world.member, created_at=now - timedelta(minutes=4))
    mine = CommentFactory(post=replied, author=world.owner)
    CommentFactory(post=replied, author=world.member, parent=mine)
    old = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(days=2))
    for post in (rest, announcement, replied, old):
        push(world.owner, post)
    push(world.owner, mention, InboxReason.MENTION)
    found = selectors.catch_up(fresh(world.owner))
    assert [item.post.pk for item in found] == [mention.pk, replied.pk, announcement.pk, rest.pk]


def test_new_posts_since_counts_from_the_posts_with_visibility(world):
    since = timezone.now() - timedelta(minutes=1)
    closed = cast(visibility=SpaceVisibility.CLOSED)
    PostFactory(space=world.space, author=world.member)
    PostFactory(space=world.space, author=world.owner)  # own
    PostFactory(space=closed.space, author=closed.owner)  # not a member
    PostFactory(space=world.space, author=world.member, created_at=since - timedelta(minutes=1))  # before
    assert selectors.new_posts_since(fresh(world.owner), since) == 1
    assert selectors.new_posts_since(fresh(world.guest), since) == 2
    assert selectors.new_posts_since(fresh(world.stranger), since) == 0
    assert active  # the helper is shared with the fan-out tests
