"""Reading the home feed: the person's inbox merged with what is pulled from large spaces.

Two index range scans (the inbox by user and time; the large spaces' posts by
space and time), merged by time, then one query loads the page's posts through
``visible_posts`` so nothing the reader may no longer see slips through. The
first page reads a few more (tiny) rows than it shows, so "N new since your last
visit" comes from the same two scans instead of two more queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.feed import state as feed_state
from plein.feed.fanout import push_max_members
from plein.feed.models import FeedState, InboxEntry, InboxReason, PostRead
from plein.news.models import NewsItem, ReadConfirmation
from plein.news.selectors import news_for
from plein.spaces.models import Membership, Space
from plein.spaces.permissions import current_memberships, roles_of
from plein.stream.models import Post, Topic
from plein.stream.selectors import visible_posts

PAGE_SIZE = 20
NEW_COUNT_CAP = 99


class FeedFilter:
    ALL = "alles"
    MUST_READ = "verplicht"
    SPACES = "ruimtes"
    PEOPLE = "mensen"
    TOPICS = "onderwerpen"
    CHOICES = (ALL, MUST_READ, SPACES, PEOPLE, TOPICS)

    REASONS = {
        SPACES: (InboxReason.SPACE,),
        PEOPLE: (InboxReason.PERSON, InboxReason.MENTION),
        TOPICS: (InboxReason.TOPIC,),
    }

    @classmethod
    def parse(cls, value: str | None) -> str:
        return value if value in cls.CHOICES else cls.ALL


NEWS = "news"  # the reason of an official news item in the feed (posts have an InboxReason)


@dataclass
class FeedItem:
    """A post, or an official news item (``news``, reason NEWS), in the feed."""

    post: Post | None
    reason: str
    unread: bool = False
    news: NewsItem | None = None


@dataclass
class FeedPage:
    items: list[FeedItem]
    next_before: datetime | None  # the cursor for "load more"; None at the end
    new_count: int = 0  # posts since the previous visit (first page only; capped at NEW_COUNT_CAP + 1)


def _large_spaces(viewer: Any) -> Any:
    """The viewer's spaces too large to push into inboxes (a subquery); their posts are pulled at read time."""
    return Space.objects.filter(
        member_count__gt=push_max_members(),
        pk__in=Membership.objects.filter(current_memberships(), user_id=viewer.pk).values("space_id"),
    ).values("pk")


def large_space_ids(viewer: Any) -> list[int]:
    return list(_large_spaces(viewer).values_list("pk", flat=True))


def feed_start() -> datetime:
    return timezone.now() - timedelta(days=settings.PLEIN_FEED_KEEP_DAYS)


Row = tuple[datetime, int, str]  # (time, post id, reason)


def _candidates(
    viewer: Any,
    *,
    feed_filter: str,
    before: datetime | None,
    after: datetime | None,
    limit: int,
    news: dict[int, NewsItem] | None = None,
) -> list[Row]:
    """(time, id, reason) of the newest feed entries in the window, at most ``limit``: posts (two queries) and,
    for the whole feed, official news (one query; the items themselves go into ``news``, they are few)."""
    start = max(after, feed_start()) if after else feed_start()
    inbox = InboxEntry.objects.filter(user_id=viewer.pk, created_at__gt=start)
    if before is not None:
        inbox = inbox.filter(created_at__lt=before)
    if feed_filter in FeedFilter.REASONS:
        inbox = inbox.filter(reason__in=FeedFilter.REASONS[feed_filter])
    found = list(inbox.order_by("-created_at", "-post_id").values_list("created_at", "post_id", "reason")[:limit])
    if feed_filter in (FeedFilter.ALL, FeedFilter.SPACES):
        # One query whether or not the viewer is in a large space: the spaces are a subquery.
        pulled = Post.objects.filter(
            space_id__in=_large_spaces(viewer), deleted_at__isnull=True, created_at__gt=start
        ).exclude(author_id=viewer.pk)
        if before is not None:
            pulled = pulled.filter(created_at__lt=before)
        found += [
            (created, pk, InboxReason.SPACE)
            for created, pk in pulled.order_by("-created_at", "-id").values_list("created_at", "id")[:limit]
        ]
    if feed_filter == FeedFilter.ALL:
        opened = ReadConfirmation.objects.filter(user_id=viewer.pk, news_item_id=OuterRef("pk"))
        items = news_for(viewer).filter(first_published_at__gt=start).annotate(is_read=Exists(opened))
        if before is not None:
            items = items.filter(first_published_at__lt=before)
        for item in items[:limit]:
            found.append((item.first_published_at, item.pk, NEWS))
            if news is not None:
                news[item.pk] = item
    found.sort(key=lambda row: (row[0], row[1]), reverse=True)
    unique: dict[tuple[bool, int], Row] = {}
    for row in found:
        unique.setdefault((row[2] == NEWS, row[1]), row)
    return list(unique.values())[:limit]


def _load(viewer: Any, rows: list[Row]) -> dict[int, Post]:
    """The rows' posts the viewer may still read, with author, space, topics, attachments and a read mark."""
    ids = [pk for _time, pk, reason in rows if reason != NEWS]
    if not ids:
        return {}
    read = PostRead.objects.filter(user_id=viewer.pk, post_id=OuterRef("pk"))
    posts = (
        visible_posts(viewer)
        .filter(pk__in=ids)
        .select_related("author", "author__profile", "space")
        .prefetch_related("topics", "attachments")
        .annotate(is_read=Exists(read))
        .in_bulk()
    )
    return dict(posts)


def _still_yours(viewer: Any, post: Post, reason: str) -> bool:
    """A space entry whose space the viewer left is stale even when the space is open to them."""
    return reason != InboxReason.SPACE or post.space_id in roles_of(viewer)


def home_feed(viewer: Any, *, feed_filter: str = FeedFilter.ALL, before: datetime | None = None) -> FeedPage:
    """One page of the home feed, newest first, each post with why it is there and whether it is unread.

    Queries: the feed state (shared with ``record_visit``), two candidate scans, the posts and their
    topics, and the viewer's space roles (shared with the post cards' permission checks).
    """
    if feed_filter == FeedFilter.MUST_READ:
        # Must-reads are official news items: feed_context lists them (plein.news), not posts.
        return FeedPage(items=[], next_before=None)
    state = _state(viewer)
    first = before is None and feed_filter == FeedFilter.ALL
    # The first page reads up to a hundred rows so the same scans count what is new since the last visit.
    limit = max(PAGE_SIZE + 1, NEW_COUNT_CAP + 1) if first else PAGE_SIZE + 1
    news: dict[int, NewsItem] = {}
    rows = _candidates(viewer, feed_filter=feed_filter, before=before, after=None, limit=limit, news=news)
    since = state.previous_visit_at
    new_count = sum(1 for row in rows if since is not None and row[0] > since) if first else 0
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    posts = _load(viewer, rows)
    read_before = state.read_before

    def unread(read: bool, created: datetime, *, since: datetime | None) -> bool:
        return not read and (since is None or created > since)

    items = []
    for created, pk, reason in rows:
        if reason == NEWS and pk in news:
            # News is not marked read by scrolling: it counts as new until opened, if it came after the
            # previous visit (or after "mark all as read").
            since = max(filter(None, (state.previous_visit_at, read_before)), default=None)
            unread_news = unread(bool(getattr(news[pk], "is_read", False)), created, since=since)
            items.append(FeedItem(post=None, reason=reason, unread=unread_news, news=news[pk]))
        elif reason != NEWS and pk in posts and _still_yours(viewer, posts[pk], reason):
            post = posts[pk]
            read = getattr(post, "is_read", False)
            items.append(FeedItem(post=post, reason=reason, unread=unread(read, created, since=read_before)))
    return FeedPage(items=items, next_before=rows[-1][0] if more and rows else None, new_count=new_count)


def new_since_last_visit(viewer: Any) -> int:
    """How many feed posts arrived since the previous visit (capped: more than 99 counts as 100, "99+")."""
    since = _state(viewer).previous_visit_at
    if since is None:
        return 0
    rows = _candidates(viewer, feed_filter=FeedFilter.ALL, before=None, after=since, limit=NEW_COUNT_CAP + 1)
    return len(rows)


def new_posts_since(viewer: Any, since: datetime) -> int:
    """Posts for the viewer's feed written after ``since`` (for the live "N new posts" banner).

    Read straight from the posts rather than the inbox, so a post counts before the worker has
    pushed it; the same sources as the feed (spaces, people and topics followed, mentions),
    through ``visible_posts``, leaving out the viewer's own.
    """
    spaces = Membership.objects.filter(current_memberships(), user_id=viewer.pk).values("space_id")
    people = _followed(viewer, User)
    topics = _followed(viewer, Topic)
    posts = (
        visible_posts(viewer)
        .filter(created_at__gt=max(since, feed_start()))
        .filter(Q(space_id__in=spaces) | Q(author_id__in=people) | Q(topics__in=topics) | Q(mentions=viewer.pk))
        .exclude(author_id=viewer.pk)
        .values("pk")
        .distinct()
    )
    return min(posts[: NEW_COUNT_CAP + 1].count(), NEW_COUNT_CAP + 1)


def _followed(viewer: Any, model: Any) -> Any:
    return Interaction.objects.filter(
        user_id=viewer.pk, kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(model)
    ).values("target_id")


def catch_up(viewer: Any, *, limit: int = 50) -> list[FeedItem]:
    """What arrived since the previous visit, most relevant first: mentions, replies to me, announcements and
    official news, the rest."""
    since = _state(viewer).previous_visit_at or (timezone.now() - timedelta(days=7))
    news: dict[int, NewsItem] = {}
    rows = _candidates(viewer, feed_filter=FeedFilter.ALL, before=None, after=since, limit=limit, news=news)
    posts = _load(viewer, rows)
    replied = set(
        Post.objects.filter(
            pk__in=list(posts), comments__parent__author_id=viewer.pk, comments__created_at__gte=since
        ).values_list("pk", flat=True)
    )

    def rank(row: Row) -> tuple[int, float]:
        created, pk, reason = row
        if reason == NEWS:
            level = 2
        elif reason == InboxReason.MENTION:
            level = 0
        elif pk in replied:
            level = 1
        elif posts[pk].is_announcement:
            level = 2
        else:
            level = 3
        return (level, -created.timestamp())

    def shown(row: Row) -> bool:
        _created, pk, reason = row
        if reason == NEWS:
            return pk in news
        return pk in posts and _still_yours(viewer, posts[pk], reason)

    return [
        FeedItem(post=None, reason=reason, unread=not getattr(news[pk], "is_read", False), news=news[pk])
        if reason == NEWS
        else FeedItem(post=posts[pk], reason=reason, unread=not getattr(posts[pk], "is_read", False))
        for _time, pk, reason in sorted(filter(shown, rows), key=rank)
    ]


def _state(viewer: Any) -> FeedState:
    cached = getattr(viewer, "_plein_feed_state", None)
    if cached is None:
        cached = feed_state.load(viewer.pk)
        viewer._plein_feed_state = cached
    return cached
