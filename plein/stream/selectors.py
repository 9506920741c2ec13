"""Reads on the stream: posts and comments with visibility applied and related rows preloaded."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404

from plein.accounts.models import User, UserKind
from plein.accounts.permissions import is_admin, is_employee
from plein.core.models import Interaction, InteractionKind
from plein.core.text import fold
from plein.spaces import selectors as space_selectors
from plein.spaces.models import Space
from plein.stream import permissions
from plein.stream.models import Attachment, Comment, Post, Reaction, Topic
from plein.stream.text import topic_slug

COMMENTS_SHOWN = 3  # per post in a stream; the post page shows all


def _with_related(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("author", "author__profile", "space").prefetch_related("topics", "attachments")


def visible_posts(viewer: Any) -> QuerySet[Post]:
    """Every post the viewer may read (deleted ones excluded)."""
    if not (viewer.is_authenticated and viewer.is_active):
        return Post.objects.none()
    posts = Post.objects.filter(deleted_at__isnull=True)
    readable = Q(space_id__in=space_selectors.readable_space_ids(viewer))
    if is_employee(viewer) or is_admin(viewer):
        readable |= Q(space__isnull=True)
    return posts.filter(readable)


def space_stream(*, viewer: Any, space: Space) -> QuerySet[Post]:
    """The space's posts, pinned first, then newest; empty when the viewer may not read the space."""
    posts = visible_posts(viewer).filter(space=space)
    # NULLS LAST: PostgreSQL sorts empty values first when descending, which would put unpinned posts on top.
    return _with_related(posts).order_by(F("pinned_at").desc(nulls_last=True), "-created_at", "-id")


def profile_stream(*, viewer: Any, person: Any) -> QuerySet[Post]:
    """What the person wrote that the viewer may read: on their profile and in visible spaces."""
    return _with_related(visible_posts(viewer).filter(author=person)).order_by("-created_at", "-id")


def topic_posts(*, viewer: Any, topic: Topic) -> QuerySet[Post]:
    return _with_related(visible_posts(viewer).filter(topics=topic)).order_by("-created_at", "-id")


def topic_for(slug: str) -> Topic:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404
    return topic


def post_for(viewer: Any, post_id: int) -> Post:
    """The post if the viewer may see it (moderators also see it deleted); otherwise 404."""
    post = Post.objects.select_related("author", "author__profile", "space").filter(pk=post_id).first()
    if post is None or not permissions.can_view_post(viewer, post):
        raise Http404
    return post


def attachment_for(viewer: Any, attachment_id: int) -> Attachment:
    """An image or file of a post the viewer may see; otherwise 404."""
    attachment = Attachment.objects.select_related("post", "post__space").filter(pk=attachment_id).first()
    if attachment is None or not permissions.can_view_post(viewer, attachment.post):
        raise Http404
    return attachment


def comment_for(viewer: Any, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("post", "post__space", "author").filter(pk=comment_id).first()
    if comment is None or not permissions.can_view_post(viewer, comment.post):
        raise Http404
    return comment


def thread(post: Post, *, include_deleted: bool = False) -> list[Comment]:
    """Top-level comments, oldest first, each with ``replies`` preloaded (two queries)."""
    comments = Comment.objects.filter(post=post, parent__isnull=True)
    replies = Comment.objects.select_related("author", "author__profile").order_by("created_at", "id")
    if not include_deleted:
        comments = comments.filter(deleted_at__isnull=True)
        replies = replies.filter(deleted_at__isnull=True)
    return list(
        comments.select_related("author", "author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def latest_comments(posts: Sequence[Post], *, per_post: int = COMMENTS_SHOWN) -> dict[int, list[Comment]]:
    """The last few top-level comments of each post, oldest first (one query for the whole page).

    The newest ``per_post`` of each post are picked in SQL (a window over the ``comment_thread`` index),
    so a post with thousands of comments costs what one with three does.
    """
    ids = [post.pk for post in posts if post.comment_count]
    if not ids:
        return {}
    # "Top level" as COALESCE(parent, 0) = 0 rather than parent IS NULL: SQLite would otherwise walk the
    # index on parent, which holds every top-level comment of the site under NULL.
    newest = (
        Comment.objects.alias(top=Coalesce("parent_id", 0))
        .filter(post_id__in=ids, top=0, deleted_at__isnull=True)
        .alias(rank=Window(RowNumber(), partition_by=[F("post_id")], order_by=[F("created_at").desc(), F("id").desc()]))
        .filter(rank__lte=per_post)
    )
    rows = (
        Comment.objects.filter(pk__in=newest.values("pk"))
        .select_related("author", "author__profile")
        .order_by("post_id", "created_at", "id")
    )
    found: dict[int, list[Comment]] = defaultdict(list)
    for comment in rows:
        found[comment.post_id].append(comment)
    return dict(found)


@dataclass
class Reactions:
    """The reactions on one post or comment: how many of each kind, and the viewer's own."""

    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)
    mine: str = ""
    total: int = 0


def reactions_for(viewer: Any, targets: Iterable[Post | Comment]) -> dict[tuple[str, int], Reactions]:
    """Reaction summaries keyed by (model label, id), for a page of posts and comments (two queries)."""
    keys: dict[int, list[int]] = defaultdict(list)
    types: dict[int, str] = {}
    for target in targets:
        content_type = ContentType.objects.get_for_model(target)
        keys[content_type.pk].append(target.pk)
        types[content_type.pk] = target._meta.label_lower
    if not keys:
        return {}
    condition = Q()
    for type_id, ids in keys.items():
        condition |= Q(target_type_id=type_id, target_id__in=ids)
    rows = Interaction.objects.filter(condition, kind=InteractionKind.REACTION)
    counts: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for type_id, target_id, value in rows.values_list("target_type_id", "target_id", "value"):
        counts[(types[type_id], target_id)][value] += 1
    mine = {}
    if viewer.is_authenticated:
        mine = {
            (types[type_id], target_id): value
            for type_id, target_id, value in rows.filter(user_id=viewer.pk).values_list(
                "target_type_id", "target_id", "value"
            )
        }
    labels = dict(Reaction.choices)
    summaries = {}
    for key, counter in counts.items():
        ordered = [
            (value, str(labels.get(value, value)), counter[value]) for value in Reaction.values if counter[value]
        ]
        summaries[key] = Reactions(counts=ordered, mine=mine.get(key, ""), total=sum(counter.values()))
    return summaries


def reactors(post_or_comment: Post | Comment, *, limit: int = 200) -> QuerySet[Interaction]:
    """Who reacted, newest first, with their reaction."""
    content_type = ContentType.objects.get_for_model(post_or_comment)
    return (
        Interaction.objects.filter(
            kind=InteractionKind.REACTION, target_type=content_type, target_id=post_or_comment.pk
        )
        .select_related("user", "user__profile")
        .order_by("-created_at", "-id")[:limit]
    )


def mentionable_people(viewer: Any, query: str, *, limit: int = 8) -> list[User]:
    """People the viewer may mention: colleagues for employees, people sharing a space for guests."""
    words = fold(query).split()[:4]
    if not words or not (viewer.is_authenticated and viewer.is_active):
        return []
    people = User.objects.filter(is_active=True)
    if is_employee(viewer):
        people = people.filter(Q(kind=UserKind.EMPLOYEE) | Q(pk__in=_sharing_with(viewer)))
    else:
        people = people.filter(pk__in=_sharing_with(viewer))
    for word in words:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(people.select_related("profile").order_by("last_name", "first_name", "pk")[:limit])


def _sharing_with(viewer: Any) -> QuerySet[Any]:
    from plein.spaces.models import Membership
    from plein.spaces.permissions import current_memberships

    mine = Membership.objects.filter(current_memberships(), user_id=viewer.pk).values("space_id")
    return Membership.objects.filter(current_memberships(), space_id__in=mine).values("user_id")


def mentionable_spaces(viewer: Any, query: str, *, limit: int = 5) -> list[Space]:
    words = query.split()[:4]
    if not words:
        return []
    spaces = space_selectors.visible_spaces(viewer).filter(archived_at__isnull=True)
    for word in words:
        spaces = spaces.filter(name__icontains=word)
    return list(spaces.order_by("-member_count", "name")[:limit])


def matching_topics(query: str, *, limit: int = 8) -> list[Topic]:
    slug = topic_slug(query.lstrip("#"))
    if not slug:
        return []
    return list(Topic.objects.filter(slug__startswith=slug).order_by("slug")[:limit])
