"""Reads of the discussion under a news item, built for the whole page at once: the comments
with their replies and authors (two queries), the reactions (the stream's summary, two
queries) and the counters (one), whatever the number of comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from plein.core.models import Interaction, InteractionKind
from plein.news import permissions
from plein.news.models import NewsComment, NewsDiscussion, NewsItem
from plein.stream.selectors import Reactions, reactions_for
from plein.stream.views_common import ReactionControl


@dataclass
class NewsCommentCard:
    comment: NewsComment
    can_edit: bool
    can_delete: bool
    show_body: bool  # a deleted comment's text is shown to editors only
    replies: list[NewsCommentCard] = field(default_factory=list)


@dataclass
class Discussion:
    comments: list[NewsCommentCard]
    comment_count: int
    reactions: ReactionControl | None  # None when the item takes no reactions
    can_comment: bool


def _comments(item: NewsItem) -> list[NewsComment]:
    replies = NewsComment.objects.select_related("author__profile").order_by("created_at", "id")
    return list(
        NewsComment.objects.filter(news_item=item, parent=None)
        .select_related("author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def _card(viewer: Any, comment: NewsComment, item: NewsItem, editor: bool, *, top: bool = True) -> NewsCommentCard:
    comment.news_item = item  # loaded already: the permission checks need its audience
    return NewsCommentCard(
        comment=comment,
        can_edit=permissions.can_edit_comment(viewer, comment),
        can_delete=permissions.can_delete_comment(viewer, comment),
        show_body=not comment.is_deleted or editor,
        replies=[_card(viewer, reply, item, editor, top=False) for reply in comment.replies.all()] if top else [],
    )


def reaction_control(viewer: Any, item: NewsItem, summary: Reactions | None = None) -> ReactionControl:
    """The stream's reaction bar for a news item; ``summary`` is looked up when not given."""
    if summary is None:
        summary = reactions_for(viewer, [item]).get((NewsItem._meta.label_lower, item.pk))  # type: ignore[list-item]
    return ReactionControl(
        url=reverse("news:react", args=[item.slug]),
        dom_id=f"reactions-news-{item.pk}",
        summary=summary or Reactions(),
        can_react=permissions.can_react(viewer, item),
        who_url=reverse("news:reactors", args=[item.slug]),
    )


def discussion(viewer: Any, item: NewsItem) -> Discussion:
    """The comments and reactions ``viewer`` sees under ``item`` (which they may read)."""
    counts = NewsDiscussion.objects.filter(pk=item.pk).first()
    comments: list[NewsCommentCard] = []
    if item.allow_comments:  # switched off: the discussion is not shown at all
        editor = permissions.is_editor(viewer)
        comments = [_card(viewer, comment, item, editor) for comment in _comments(item)]
    reactions = reaction_control(viewer, item) if item.allow_reactions else None
    return Discussion(
        comments=comments,
        comment_count=counts.comment_count if counts else 0,
        reactions=reactions,
        can_comment=permissions.can_comment(viewer, item),
    )


def comment_for(viewer: Any, item: NewsItem, comment_id: int) -> NewsComment:
    """A comment under ``item`` (which ``viewer`` may read); 404 otherwise."""
    comment = NewsComment.objects.filter(pk=comment_id, news_item=item).select_related("author").first()
    if comment is None:
        raise Http404
    comment.news_item = item
    return comment


def parent_for(item: NewsItem, value: str) -> NewsComment | None:
    if not value.isdigit():
        return None
    return NewsComment.objects.filter(pk=int(value), news_item=item).first()


def reactors(item: NewsItem, *, limit: int = 200) -> QuerySet[Interaction]:
    """Who reacted to ``item``, newest first, with their reaction."""
    return (
        Interaction.objects.filter(
            kind=InteractionKind.REACTION, target_type=ContentType.objects.get_for_model(NewsItem), target_id=item.pk
        )
        .select_related("user__profile")
        .order_by("-created_at", "-pk")[:limit]
    )
