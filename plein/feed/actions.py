"""Writes on the home feed: visits, rebuilding a returning person's inbox, read marks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.feed import state as feed_state
from plein.feed.fanout import active_since, push_max_members
from plein.feed.models import FeedState, InboxEntry, InboxReason, PostRead
from plein.feed.selectors import feed_start
from plein.spaces.models import Membership
from plein.spaces.permissions import current_memberships
from plein.stream.models import Post, Topic
from plein.stream.selectors import visible_posts

VISIT_WRITE_SECONDS = 300  # a visit is written at most once per five minutes per person
NEW_VISIT_AFTER = timedelta(minutes=30)
REBUILD_LIMIT = 300


def record_visit(*, user: Any) -> FeedState:
    """Note that the person is here. Writes at most once per five minutes; reads the cached state."""
    state = feed_state.load(user.pk)
    user._plein_feed_state = state  # the feed's selectors read it from here: no query per page
    now = timezone.now()
    if state.last_seen_at and now - state.last_seen_at < timedelta(seconds=VISIT_WRITE_SECONDS):
        return state
    if state.last_seen_at is None or now - state.last_seen_at > NEW_VISIT_AFTER:
        state.previous_visit_at = state.last_seen_at
    returning = state.last_seen_at is None or state.last_seen_at < active_since() or state.inbox_built_at is None
    state.last_seen_at = now
    # The inbox is read before the write transaction: on SQLite a transaction holds the database's one
    # write lock from its start, and other people's writes should not wait for this read.
    entries = returning_inbox(user) if returning else None
    with transaction.atomic():
        if entries is not None:
            InboxEntry.objects.bulk_create(entries, ignore_conflicts=True)
            state.inbox_built_at = timezone.now()
        state.save()
    feed_state.remember(state)
    return state


def returning_inbox(user: Any) -> list[InboxEntry]:
    """The inbox of someone who was away: recent posts from small spaces, people and topics they follow.

    Bounded to the newest few hundred, so a return after months costs one short pass.
    """
    mine = Membership.objects.filter(
        current_memberships(), user_id=user.pk, space__member_count__lte=push_max_members()
    )
    people = Interaction.objects.filter(
        user_id=user.pk, kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(User)
    ).values("target_id")
    topics = Interaction.objects.filter(
        user_id=user.pk, kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(Topic)
    ).values("target_id")
    mentioned = Post.mentions.through.objects.filter(post_id=OuterRef("pk"), user_id=user.pk)
    followed_topic = Post.topics.through.objects.filter(post_id=OuterRef("pk"), topic_id__in=topics)
    wanted = (
        visible_posts(user)
        .filter(created_at__gte=feed_start())
        .filter(
            Q(space_id__in=mine.values("space_id")) | Q(author_id__in=people) | Q(topics__in=topics) | Q(mentions=user)
        )
        .exclude(author_id=user.pk)
        .distinct()
        .order_by("-created_at")
        .annotate(mentioned=Exists(mentioned), on_topic=Exists(followed_topic))
    )
    space_ids = set(mine.values_list("space_id", flat=True))
    followed = set(people.values_list("target_id", flat=True))
    rows = list(
        wanted.values_list("pk", "created_at", "space_id", "author_id", "mentioned", "on_topic")[:REBUILD_LIMIT]
    )
    return [
        InboxEntry(
            user_id=user.pk,
            post_id=pk,
            created_at=created,
            reason=_reason(
                mentioned=mentioned_, in_space=space_id in space_ids, by_followed=author_id in followed, on_topic=topic_
            ),
        )
        for pk, created, space_id, author_id, mentioned_, topic_ in rows
    ]


def _reason(*, mentioned: bool, in_space: bool, by_followed: bool, on_topic: bool) -> str:
    """The same precedence as the fan-out: a mention beats a space, a space a person, a person a topic."""
    if mentioned:
        return InboxReason.MENTION
    if in_space:
        return InboxReason.SPACE
    if by_followed:
        return InboxReason.PERSON
    return InboxReason.TOPIC if on_topic else InboxReason.PERSON


def mark_all_read(*, user: Any) -> None:
    """Everything in the feed up to now counts as read (a watermark: one row, however long the feed)."""
    state, _created = FeedState.objects.update_or_create(user_id=user.pk, defaults={"read_before": timezone.now()})
    feed_state.remember(state)
    user._plein_feed_state = state


def mark_read(*, user: Any, post_ids: Iterable[int]) -> int:
    """Record that the person read these posts (those they may see); repeated marks are ignored."""
    ids = list(dict.fromkeys(int(pk) for pk in post_ids))[:100]
    visible = list(visible_posts(user).filter(pk__in=ids).values_list("pk", flat=True))
    now = timezone.now()
    PostRead.objects.bulk_create(
        [PostRead(user_id=user.pk, post_id=pk, read_at=now) for pk in visible], ignore_conflicts=True
    )
    return len(visible)
