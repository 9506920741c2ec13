"""What the stream's views share: the post and comment "cards" a page shows, built for a whole page at once.

A card carries the post (or comment), its reaction summary and what the
viewer may do with it, so templates ask no questions of the database: a page
of 20 posts costs the same handful of queries as a page of 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from plein.accounts.models import User
from plein.core.models import Interaction, InteractionKind
from plein.core.pagination import paginate
from plein.news import permissions as news_permissions
from plein.spaces.models import Space
from plein.stream import permissions, selectors
from plein.stream.forms import PostForm
from plein.stream.models import Comment, Post, Reaction
from plein.stream.previews import LinkPreview, previews_for
from plein.stream.selectors import Reactions

POSTS_PER_PAGE = 20
ICONS = {"like": "👍", "thanks": "🙏", "celebrate": "🎉", "insightful": "💡", "curious": "🤔"}


@dataclass
class ReactionControl:
    """The reactions of one post or comment: one "React" button opening the choices, and the summary."""

    url: str
    dom_id: str
    summary: Reactions
    can_react: bool
    who_url: str = ""

    @property
    def buttons(self) -> list[dict[str, Any]]:
        counts = {value: count for value, _label, count in self.summary.counts}
        return [
            {
                "value": value,
                "label": label,
                "icon": ICONS[value],
                "count": counts.get(value, 0),
                "pressed": self.summary.mine == value,
            }
            for value, label in Reaction.choices
        ]

    @property
    def shown(self) -> list[dict[str, Any]]:
        return [button for button in self.buttons if button["count"]]

    @property
    def mine(self) -> dict[str, Any] | None:
        """The viewer's own reaction (shown on the "React" button), if they reacted."""
        return next((button for button in self.buttons if button["pressed"]), None)


@dataclass
class CommentCard:
    comment: Comment
    reactions: ReactionControl
    can_edit: bool
    can_delete: bool
    can_restore: bool
    replies: list[CommentCard] = field(default_factory=list)


@dataclass
class PostCard:
    post: Post
    reactions: ReactionControl
    comments: list[CommentCard]
    can_comment: bool
    can_edit: bool
    can_delete: bool
    can_restore: bool
    can_pin: bool
    saved: bool
    previews: list[LinkPreview] = field(default_factory=list)
    can_purge: bool = False
    can_promote: bool = False  # editors turn a post into a draft news item

    @property
    def can_manage(self) -> bool:
        return self.can_edit or self.can_delete or self.can_restore or self.can_pin or self.can_promote

    @property
    def hidden_comments(self) -> int:
        return max(self.post.comment_count - len(self.comments), 0)


@dataclass
class StreamPage:
    """A page of cards; ``form`` is the composer when the viewer may post here."""

    page: Page[Any]
    cards: list[PostCard]
    form: PostForm | None = None
    space: Space | None = None
    preview: str = ""


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Back to the page named in the form's ``next`` (on this site), else to ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def reaction_control(target: Post | Comment, summary: Reactions | None, *, can_react: bool) -> ReactionControl:
    from django.urls import reverse

    if isinstance(target, Post):
        url, who = reverse("stream:react", args=[target.pk]), reverse("stream:reactors", args=[target.pk])
        dom_id = f"reactions-post-{target.pk}"
    else:
        url, who = reverse("stream:comment_react", args=[target.pk]), ""
        dom_id = f"reactions-comment-{target.pk}"
    return ReactionControl(url=url, dom_id=dom_id, summary=summary or Reactions(), can_react=can_react, who_url=who)


def _saved_ids(viewer: Any, posts: Sequence[Post]) -> set[int]:
    if not posts:
        return set()
    return set(
        Interaction.objects.filter(
            user_id=viewer.pk,
            kind=InteractionKind.BOOKMARK,
            target_type=ContentType.objects.get_for_model(Post),
            target_id__in=[post.pk for post in posts],
        ).values_list("target_id", flat=True)
    )


def comment_card(
    viewer: Any,
    comment: Comment,
    post: Post,
    summaries: dict[tuple[str, int], Reactions],
    *,
    can_react: bool,
    tools: bool = True,
) -> CommentCard:
    """``tools``: the reaction choices and edit/delete controls; lists show comments without them."""
    comment.post = post  # already loaded: the permission checks need it
    summary = summaries.get(("stream.comment", comment.pk))
    return CommentCard(
        comment=comment,
        reactions=reaction_control(comment, summary, can_react=can_react and tools),
        can_edit=tools and permissions.can_edit_comment(viewer, comment),
        can_delete=tools and permissions.can_delete_comment(viewer, comment),
        can_restore=tools and permissions.can_restore_comment(viewer, comment),
        replies=[
            comment_card(viewer, reply, post, summaries, can_react=can_react, tools=tools)
            for reply in getattr(comment, "_shown_replies", [])
        ],
    )


def post_cards(
    viewer: Any, posts: Sequence[Post], *, comments: dict[int, list[Comment]] | None = None
) -> list[PostCard]:
    """Cards for a page of posts.

    In lists (``comments`` not given) each post shows its latest few comments to read, with their
    reactions summed up; reacting to, editing or deleting a comment happens on the post's page, which
    passes the ``comments`` it shows with all their controls.
    """
    posts = list(posts)
    tools = comments is not None
    if comments is None:
        comments = selectors.latest_comments(posts)
    all_comments = [c for found in comments.values() for c in found]
    replies = [r for c in all_comments for r in getattr(c, "_shown_replies", [])]
    summaries = selectors.reactions_for(viewer, [*posts, *all_comments, *replies])
    saved = _saved_ids(viewer, posts)
    previews = previews_for(viewer, posts)
    cards = []
    for post in posts:
        can_react = permissions.can_react(viewer, post)
        cards.append(
            PostCard(
                post=post,
                reactions=reaction_control(post, summaries.get(("stream.post", post.pk)), can_react=can_react),
                comments=[
                    comment_card(viewer, comment, post, summaries, can_react=can_react, tools=tools)
                    for comment in comments.get(post.pk, [])
                ],
                can_comment=permissions.can_comment(viewer, post),
                can_edit=permissions.can_edit_post(viewer, post),
                can_delete=permissions.can_delete_post(viewer, post),
                can_restore=permissions.can_restore_post(viewer, post),
                can_purge=permissions.can_purge_post(viewer, post),
                can_pin=permissions.can_pin(viewer, post),
                can_promote=not post.is_deleted and news_permissions.can_promote(viewer),
                saved=post.pk in saved,
                previews=previews.get(post.pk, []),
            )
        )
    return cards


def stream_page(request: HttpRequest, posts: Any, **extra: Any) -> StreamPage:
    page = paginate(request, posts, POSTS_PER_PAGE)
    return StreamPage(page=page, cards=post_cards(request.user, list(page.object_list)), **extra)


def space_stream(request: HttpRequest, space: Space, *, form: PostForm | None = None, preview: str = "") -> StreamPage:
    """The space's stream page for the viewer, with the composer when they may post."""
    viewer = request.user
    if form is None and permissions.can_post_in(viewer, space):
        form = PostForm()
    return stream_page(
        request, selectors.space_stream(viewer=viewer, space=space), form=form, space=space, preview=preview
    )
