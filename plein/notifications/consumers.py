"""Event-spine consumer that turns domain events into notifications.

Recipients are chosen here, always among the people who may open the subject
(:mod:`plein.notifications.audience`, the SQL twin of the stream's permissions), never the
actor, and only as far as their in-app preferences allow (:mod:`plein.notifications.preferences`).
Each person gets one notification per event: a mention beats a reply, a reply beats a comment on
their post, which beats a comment in a thread they follow.

Mentioning a space tells its members only when the author is a member of that space (so outsiders
cannot page a whole team) and the space has at most ``PLEIN_NOTIFY_SPACE_MENTION_MAX`` members
(a mention of a 5,000-person space is an announcement, which is a moderator's call); members must
be able to open the post, as always.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from plein.accounts.models import User, UserKind
from plein.core.models import Event, Interaction, InteractionKind
from plein.notifications import audience
from plein.notifications.actions import notify, notify_many
from plein.notifications.kinds import Channel
from plein.notifications.models import Notification, SpaceLevel, SpaceNotificationLevel
from plein.notifications.preferences import wants_many
from plein.spaces.models import Space
from plein.stream.models import Comment, Post
from plein.stream.text import plain_excerpt, render

KINDS = (
    "user.created",
    "post.created",
    "post.edited",
    "comment.created",
    "comment.edited",
    "reaction.set",
    "post.announced",
)
TITLE_LENGTH = 60
CHUNK = 5000


def handle(event: Event) -> None:
    if event.kind == "user.created":
        user = User.objects.filter(pk=event.subject_id, kind=UserKind.EMPLOYEE).first()
        if user is not None:
            notify(recipient_id=user.pk, kind="welcome", event=event, url=reverse("people:profile", args=[user.pk]))
    elif event.kind in ("post.created", "post.edited", "post.announced"):
        post = Post.objects.select_related("space").filter(pk=event.subject_id).first()
        if post is not None and post.deleted_at is None:
            _on_post(event, post)
    elif event.kind in ("comment.created", "comment.edited"):
        comment = Comment.objects.select_related("post__space").filter(pk=event.subject_id).first()
        if comment is not None and comment.deleted_at is None and comment.post.deleted_at is None:
            _on_comment(event, comment)
    elif event.kind == "reaction.set":
        _on_reaction(event)


class _Delivery:
    """One event's notifications: who is told already, and the shared params."""

    def __init__(self, event: Event, post: Post) -> None:
        self.event, self.post = event, post
        self.actor_id = event.actor_id
        self.told: set[int] = set()
        self.subject = f"post:{post.pk}"
        self.params = {
            "name": event.actor.display_name if event.actor else "",
            "title": plain_excerpt(post.body, TITLE_LENGTH) or "…",
            "space": post.space.name if post.space else "",
        }

    def tell(
        self,
        kind: str,
        candidates: Iterable[int],
        *,
        url: str,
        subject: str = "",
        space_id: int | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        """Tell the candidates who may open the post, are not the actor or told already, and want it."""
        people = [pk for pk in dict.fromkeys(candidates) if pk != self.actor_id and pk not in self.told]
        space = self.post.space_id if space_id is None else space_id
        ids: list[int] = []
        for start in range(0, len(people), CHUNK):  # a bounded number of query parameters, also for 100k
            readers = audience.readers_among(self.post, people[start : start + CHUNK])
            ids += sorted(wants_many(readers, kind, Channel.IN_APP, space_id=space, post_id=self.post.pk))
        if not ids:
            return
        self.told.update(ids)
        notify_many(
            recipient_ids=ids,
            kind=kind,
            event=self.event,
            subject=subject or self.subject,
            url=url,
            params={**self.params, **(extra or {})},
            actor_id=self.actor_id,
        )


def _already_told(subject: str, kind: str, user_ids: Iterable[int]) -> set[int]:
    return set(
        Notification.objects.filter(subject=subject, kind=kind, recipient_id__in=list(user_ids)).values_list(
            "recipient_id", flat=True
        )
    )


def _mentions(delivery: _Delivery, *, people: list[int], text: str, url: str, edited: bool) -> None:
    """People mentioned by name, then members of mentioned spaces (see the module's rule)."""
    if edited:  # only those newly mentioned: the others heard it when the post was written
        people = [pk for pk in people if pk not in _already_told(delivery.subject, "mention", people)]
    delivery.tell("mention", people, url=url)
    slugs = render(text).space_slugs
    limit = audience.space_mention_limit()
    for space in Space.objects.filter(slug__in=slugs, member_count__lte=limit):
        members = audience.current_member_ids(space.pk)
        if delivery.actor_id not in members:
            continue
        if edited:
            members = [pk for pk in members if pk not in _already_told(delivery.subject, "mention_space", members)]
        for_space = wants_many(members, "mention_space", Channel.IN_APP, space_id=space.pk)
        delivery.tell("mention_space", [pk for pk in members if pk in for_space], url=url, extra={"space": space.name})


def _on_post(event: Event, post: Post) -> None:
    delivery = _Delivery(event, post)
    url = post.get_absolute_url()
    if event.kind == "post.announced":
        if post.space_id:
            delivery.tell("space_announcement", audience.current_member_ids(post.space_id), url=url)
        return
    people = list(post.mentions.values_list("pk", flat=True))
    _mentions(delivery, people=people, text=post.body, url=url, edited=event.kind == "post.edited")
    if event.kind == "post.created" and post.space_id:
        # Those who asked for every new post in this space.
        closely = SpaceNotificationLevel.objects.filter(
            space_id=post.space_id, level__in=[SpaceLevel.ALL, SpaceLevel.POSTS]
        ).values_list("user_id", flat=True)
        delivery.tell("space_post", closely, url=url, subject=f"space:{post.space_id}")


def _on_comment(event: Event, comment: Comment) -> None:
    post = comment.post
    delivery = _Delivery(event, post)
    url = comment.get_absolute_url()
    payload = event.payload
    edited = event.kind == "comment.edited"
    _mentions(delivery, people=list(payload.get("mentions") or []), text=comment.body, url=url, edited=edited)
    if edited:  # an edit tells only the people it newly mentions
        return
    if payload.get("parent_author"):
        delivery.tell("comment_reply", [int(payload["parent_author"])], url=url)
    delivery.tell("post_comment", [post.author_id], url=url)
    followers = Interaction.objects.filter(
        kind=InteractionKind.FOLLOW, target_type=ContentType.objects.get_for_model(Post), target_id=post.pk
    ).values_list("user_id", flat=True)
    everything: list[int] = []
    if post.space_id:
        everything = list(
            SpaceNotificationLevel.objects.filter(space_id=post.space_id, level=SpaceLevel.ALL).values_list(
                "user_id", flat=True
            )
        )
    delivery.tell("thread_comment", [*followers, *everything], url=url)


def _on_reaction(event: Event) -> None:
    payload = event.payload
    post = Post.objects.select_related("space").filter(pk=payload.get("post")).first()
    author = payload.get("author")
    if post is None or post.deleted_at is not None or not author:
        return
    delivery = _Delivery(event, post)
    if event.subject_type == "stream.comment":
        comment = Comment.objects.filter(pk=event.subject_id, deleted_at__isnull=True).select_related("post").first()
        if comment is not None:
            delivery.tell("comment_reaction", [int(author)], url=comment.get_absolute_url())
    else:
        delivery.tell("post_reaction", [int(author)], url=post.get_absolute_url())
