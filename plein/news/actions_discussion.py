"""Writes on the discussion under a news item: comments, replies, reactions.

The text goes through the stream's rendering and checks (light Markdown, mentions,
nh3 sanitising: plein/stream/text.py) and reactions are the stream's set, stored in the
generic user x object table (core.Interaction) like the stream's. Counters live in
:class:`NewsDiscussion` and are kept here, so no list aggregates.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.core.events import AUDIENCE_ORG, audience_user, record_event
from plein.core.models import Interaction, InteractionKind
from plein.news import permissions
from plein.news.models import MAX_NEWS_COMMENT_LENGTH, NewsComment, NewsDiscussion, NewsItem
from plein.stream.actions import StreamError, checked_text
from plein.stream.models import Reaction

__all__ = ["StreamError", "comment", "delete_comment", "edit_comment", "react", "unreact"]


def _audience(item: NewsItem, *user_ids: int | None) -> list[str]:
    """Who may learn of the event: the organisation for news to everyone, and the people involved."""
    tokens = [AUDIENCE_ORG] if item.audience_everyone else []
    people = {pk for pk in (item.credited_author_id, *user_ids) if pk is not None}
    return tokens + [audience_user(pk) for pk in sorted(people)]


def _count(item: NewsItem, field: str, delta: int) -> None:
    NewsDiscussion.objects.bulk_create([NewsDiscussion(news_item_id=item.pk)], ignore_conflicts=True)
    rows = NewsDiscussion.objects.filter(pk=item.pk)
    if delta < 0:
        rows = rows.filter(**{f"{field}__gt": 0})
    rows.update(**{field: F(field) + delta})


def comment(
    *, author: Any, item: NewsItem, body: str, parent: NewsComment | None = None, client_token: str = ""
) -> NewsComment:
    """Comment on a news item, or reply (a reply to a reply joins its parent's thread).
    StreamError (translated) for text the author must put right."""
    if not permissions.can_comment(author, item):
        raise PermissionDenied
    if parent is not None:
        if parent.news_item_id != item.pk or parent.is_deleted:
            raise StreamError(_("The comment you reply to is no longer there."))
        parent = parent.parent or parent
    token = client_token.strip()[:64]
    if token:
        existing = NewsComment.objects.filter(author=author, client_token=token).first()
        if existing is not None:
            return existing
    rendered = checked_text(author, body, limit=MAX_NEWS_COMMENT_LENGTH)
    try:
        with transaction.atomic():
            new = NewsComment.objects.create(
                news_item=item, parent=parent, author=author, body=body, body_html=rendered.html, client_token=token
            )
            _count(item, "comment_count", 1)
            record_event(
                kind="news.commented",
                actor=author,
                subject=new,
                audience=_audience(item, parent.author_id if parent else None),
                payload={
                    "news_item": item.pk,
                    "parent": parent.pk if parent else None,
                    "parent_author": parent.author_id if parent else None,
                    "mentions": rendered.user_ids,
                },
            )
    except IntegrityError:
        if not token:
            raise
        # A double click raced past the check above: the first request's comment is the comment.
        return NewsComment.objects.get(author=author, client_token=token)
    return new


def edit_comment(*, actor: Any, comment: NewsComment, body: str) -> NewsComment:
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied
    rendered = checked_text(actor, body, limit=MAX_NEWS_COMMENT_LENGTH)
    with transaction.atomic():
        comment.body, comment.body_html, comment.edited_at = body, rendered.html, timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        record_event(
            kind="news.comment_edited",
            actor=actor,
            subject=comment,
            audience=_audience(comment.news_item),
            payload={"news_item": comment.news_item_id, "mentions": rendered.user_ids},
        )
    return comment


def delete_comment(*, actor: Any, comment: NewsComment) -> None:
    """Soft delete: the comment keeps its place in the thread (its replies stay readable)."""
    if not permissions.can_delete_comment(actor, comment):
        raise PermissionDenied
    with transaction.atomic():
        comment.deleted_at, comment.deleted_by = timezone.now(), actor
        comment.save(update_fields=["deleted_at", "deleted_by"])
        _count(comment.news_item, "comment_count", -1)
        record_event(
            kind="news.comment_deleted",
            actor=actor,
            subject=comment,
            audience=_audience(comment.news_item, comment.author_id),
            payload={"news_item": comment.news_item_id, "author": comment.author_id},
        )


def _reaction_lookup(user: Any, item: NewsItem) -> dict[str, Any]:
    return {
        "user": user,
        "kind": InteractionKind.REACTION,
        "target_type": ContentType.objects.get_for_model(NewsItem),
        "target_id": item.pk,
    }


def react(*, user: Any, item: NewsItem, value: str) -> None:
    """Set the person's one reaction on a news item (choosing another replaces it)."""
    if value not in Reaction.values:
        raise StreamError(_("Choose one of the reactions."))
    if not permissions.can_react(user, item):
        raise PermissionDenied
    lookup = _reaction_lookup(user, item)
    with transaction.atomic():
        reaction, created = Interaction.objects.select_for_update().get_or_create(**lookup, defaults={"value": value})
        if not created and reaction.value == value:
            return
        if created:
            _count(item, "reaction_count", 1)
        else:
            reaction.value = value
            reaction.save(update_fields=["value"])
        record_event(
            kind="news.reacted",
            actor=user,
            subject=item,
            audience=_audience(item),
            payload={"value": value},
        )


def unreact(*, user: Any, item: NewsItem) -> None:
    if not permissions.can_react(user, item):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = Interaction.objects.filter(**_reaction_lookup(user, item)).delete()
        if deleted:
            _count(item, "reaction_count", -1)
            record_event(kind="news.unreacted", actor=user, subject=item, audience=_audience(item))
