"""The stream's search providers: posts, comments, attached files and topics.

Deleted posts and comments, and everything of a deleted post, are left out
(and so removed from the index). Keys follow the post's space: see
:func:`plein.search.access.keys_for_space_content`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.html import strip_tags

from plein.search.access import EMPLOYEES, keys_for_space_content
from plein.search.extract import extract_text
from plein.search.registry import Document
from plein.stream.models import Attachment, AttachmentKind, Comment, Post, Topic

TITLE_LENGTH = 120
BATCH = 500


def plain_text(rendered_html: str) -> str:
    return " ".join(html.unescape(strip_tags(rendered_html)).split())


def title_of(text: str) -> str:
    """The first line of a text, cut at a word near ``TITLE_LENGTH`` characters."""
    first = text.strip().split("\n", 1)[0].strip() or text.strip()
    first = " ".join(first.split())
    if len(first) <= TITLE_LENGTH:
        return first
    return first[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def _author_place(author: Any) -> tuple[int | None, int | None]:
    profile = getattr(author, "profile", None)
    return (getattr(profile, "department_id", None), getattr(profile, "location_id", None))


def _ids(queryset: Any) -> Iterator[int]:
    yield from queryset.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)


def _post_document(post: Post) -> Document:
    department_id, location_id = _author_place(post.author)
    return Document(
        object_id=post.pk,
        title=title_of(post.body),
        body=plain_text(post.body_html),
        url=post.get_absolute_url(),
        keys=keys_for_space_content(post.space),
        created_at=post.created_at,
        updated_at=post.edited_at or post.created_at,
        author_id=post.author_id,
        space_id=post.space_id,
        department_id=department_id,
        location_id=location_id,
        popularity=post.comment_count + post.reaction_count,
        vocabulary=EMPLOYEES in keys_for_space_content(post.space),
    )


class PostProvider:
    kind = "post"

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        posts = Post.objects.filter(pk__in=ids, deleted_at__isnull=True).select_related("space", "author__profile")
        return [_post_document(post) for post in posts]

    def all_ids(self) -> Iterator[int]:
        return _ids(Post.objects.filter(deleted_at__isnull=True))


class CommentProvider:
    kind = "comment"

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        comments = Comment.objects.filter(
            pk__in=ids, deleted_at__isnull=True, post__deleted_at__isnull=True
        ).select_related("post", "post__space", "author__profile")
        found = []
        for comment in comments:
            post = comment.post
            department_id, location_id = _author_place(comment.author)
            keys = keys_for_space_content(post.space)
            found.append(
                Document(
                    object_id=comment.pk,
                    # Shown as "comment on <title>"; not matched, so the thread's title does not lift every reply.
                    title=title_of(post.body),
                    body=plain_text(comment.body_html),
                    url=f"{post.get_absolute_url()}#comment-{comment.pk}",
                    keys=keys,
                    created_at=comment.created_at,
                    updated_at=comment.edited_at or comment.created_at,
                    author_id=comment.author_id,
                    space_id=post.space_id,
                    department_id=department_id,
                    location_id=location_id,
                    popularity=comment.reaction_count,
                    vocabulary=EMPLOYEES in keys,
                    match_title=False,
                )
            )
        return found

    def all_ids(self) -> Iterator[int]:
        return _ids(Comment.objects.filter(deleted_at__isnull=True, post__deleted_at__isnull=True))


class FileProvider:
    """Attached files (not images), found by name and by the text inside them."""

    kind = "file"

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        files = Attachment.objects.filter(
            pk__in=ids, kind=AttachmentKind.FILE, post__deleted_at__isnull=True
        ).select_related("post", "post__space", "post__author__profile")
        found = []
        for item in files:
            post = item.post
            department_id, location_id = _author_place(post.author)
            keys = keys_for_space_content(post.space)
            found.append(
                Document(
                    object_id=item.pk,
                    title=item.name,
                    body=_file_text(item),
                    url=reverse("stream:attachment", args=[item.pk, "bestand"]),
                    keys=keys,
                    created_at=item.created_at,
                    author_id=post.author_id,
                    space_id=post.space_id,
                    department_id=department_id,
                    location_id=location_id,
                    popularity=post.comment_count + post.reaction_count,
                    vocabulary=EMPLOYEES in keys,
                )
            )
        return found

    def all_ids(self) -> Iterator[int]:
        return _ids(Attachment.objects.filter(kind=AttachmentKind.FILE, post__deleted_at__isnull=True))


def _file_text(item: Attachment) -> str:
    try:
        with item.file.open("rb") as stream:
            return extract_text(item.name, stream)
    except OSError:  # the stored file is missing: the name still finds it
        return ""


class TopicProvider:
    kind = "topic"

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        topics = Topic.objects.filter(pk__in=ids).annotate(uses=Count("posts"))
        return [
            Document(
                object_id=topic.pk,
                title=f"#{topic.name}",
                body="",
                url=topic.get_absolute_url(),
                keys=[EMPLOYEES],
                created_at=topic.created_at,
                popularity=topic.uses,
                vocabulary=True,
            )
            for topic in topics
        ]

    def all_ids(self) -> Iterator[int]:
        return _ids(Topic.objects.all())


STREAM_PROVIDERS = (PostProvider(), CommentProvider(), FileProvider(), TopicProvider())
