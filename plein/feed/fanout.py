"""Pushing new posts into the inboxes of the people who should see them (run by the worker).

See docs/adr/0004-hybrid-home-feed.md. Posts in small spaces, by people someone
follows, on topics someone follows, and mentions are pushed to people who were
active recently; posts in large spaces are pulled at read time instead, and a
person who returns after a while gets their inbox rebuilt on their first visit.
Every entry is re-checked against the permission model when the feed is read,
so a stale entry (someone left the space) never shows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from plein.accounts.models import User, UserKind
from plein.core.models import Event, Interaction, InteractionKind
from plein.feed.models import FeedState, InboxEntry, InboxReason
from plein.spaces.models import Membership, SpaceVisibility
from plein.spaces.permissions import current_memberships
from plein.stream.models import Post, Topic

KINDS = ("post.created",)
BATCH = 2000


def push_max_members() -> int:
    return int(settings.PLEIN_FEED_PUSH_MAX_MEMBERS)


def active_since() -> Any:
    return timezone.now() - timedelta(days=settings.PLEIN_FEED_ACTIVE_DAYS)


def handle(event: Event) -> None:
    if event.kind == "post.created" and event.subject_id:
        fan_out(int(event.subject_id))


def _followers(target: Any) -> Any:
    content_type = ContentType.objects.get_for_model(target)
    return Interaction.objects.filter(
        kind=InteractionKind.FOLLOW, target_type=content_type, target_id=target.pk
    ).values_list("user_id", flat=True)


def _readers(post: Post) -> Any:
    """Who may read the post (the same rules as plein.stream.permissions.can_view_post), as a queryset of ids."""
    people = User.objects.filter(is_active=True)
    space = post.space
    if space is None:
        return people.filter(Q(kind=UserKind.EMPLOYEE) | Q(is_superuser=True)).values_list("pk", flat=True)
    members = Membership.objects.filter(current_memberships(), space=space).values("user_id")
    readable = Q(pk__in=members) | Q(is_superuser=True)
    if space.visibility == SpaceVisibility.OPEN:
        readable |= Q(kind=UserKind.EMPLOYEE)
    return people.filter(readable).values_list("pk", flat=True)


def recipients(post: Post) -> dict[int, str]:
    """Who gets the post in their inbox and why (a mention beats a space, a space beats a follow)."""
    wanted: dict[int, str] = {}
    for topic in Topic.objects.filter(posts=post):
        for user_id in _followers(topic):
            wanted[user_id] = InboxReason.TOPIC
    for user_id in _followers(post.author):
        wanted[user_id] = InboxReason.PERSON
    space = post.space
    if space is not None and space.member_count <= push_max_members():
        for user_id in Membership.objects.filter(current_memberships(), space=space).values_list("user_id", flat=True):
            wanted[user_id] = InboxReason.SPACE
    for user_id in post.mentions.values_list("pk", flat=True):
        wanted[user_id] = InboxReason.MENTION
    wanted.pop(post.author_id, None)
    if not wanted:
        return {}
    recent = set(
        FeedState.objects.filter(user_id__in=list(wanted), last_seen_at__gte=active_since()).values_list(
            "user_id", flat=True
        )
    )
    allowed = set(_readers(post).filter(pk__in=list(recent)))
    return {user_id: reason for user_id, reason in wanted.items() if user_id in allowed}


def fan_out(post_id: int) -> int:
    """Push the post into its recipients' inboxes; safe to run twice. Returns how many entries were written."""
    post = Post.objects.select_related("space", "author").filter(pk=post_id, deleted_at__isnull=True).first()
    if post is None:
        return 0
    entries = [
        InboxEntry(user_id=user_id, post=post, reason=reason, created_at=post.created_at)
        for user_id, reason in recipients(post).items()
    ]
    InboxEntry.objects.bulk_create(entries, batch_size=BATCH, ignore_conflicts=True)
    return len(entries)


def trim_inboxes() -> int:
    """Drop inbox entries older than the home feed looks back (older posts stay in spaces and search)."""
    cutoff = timezone.now() - timedelta(days=settings.PLEIN_FEED_KEEP_DAYS)
    deleted, _rows = InboxEntry.objects.filter(created_at__lt=cutoff).delete()
    return deleted
