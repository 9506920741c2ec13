"""Keeping the index fresh: the ``search`` consumer of the event spine.

Each event re-indexes the few documents it touches; providers decide whether
they are still findable. Access changes on the searcher's side (joining or
leaving a space, moving department, deactivation) need no index work: a
searcher's keys are read at every search. Reading file text is slow, so it is
a task queued after the delivery commits.
"""

from __future__ import annotations

from django.db import transaction

from plein.core.events import register_consumer
from plein.core.models import Event
from plein.search import indexing
from plein.search.access import forget_department_tree, keys_for_space_content
from plein.search.models import SearchDocument
from plein.spaces.models import Space
from plein.stream.models import Attachment, AttachmentKind, Comment, Post

# Not reaction.set: a reaction changes only the popularity boost, which comments, edits and the
# rebuild refresh; a delivery and a re-analysed post for every click would cost more than it gives.
POST_EVENTS = {"post.created", "post.edited", "post.deleted", "post.restored"}
COMMENT_EVENTS = {"comment.created", "comment.edited", "comment.deleted", "comment.restored"}
SPACE_EVENTS = {"space.updated", "space.deleted"}
PROFILE_EVENTS = {"profile.updated"}
ORG_EVENTS = {"org.department_created", "org.department_changed"}
KINDS = POST_EVENTS | COMMENT_EVENTS | SPACE_EVENTS | PROFILE_EVENTS | ORG_EVENTS
SPACE_CONTENT = ("post", "comment", "file")


def _subject_id(event: Event) -> int | None:
    return int(event.subject_id) if event.subject_id.isdigit() else None


def _index_post(post_id: int, *, with_files: bool) -> None:
    indexing.index("post", [post_id])
    indexing.index("comment", Comment.objects.filter(post_id=post_id).values_list("pk", flat=True))
    indexing.index("topic", Post.topics.through.objects.filter(post_id=post_id).values_list("topic_id", flat=True))
    files = list(Attachment.objects.filter(post_id=post_id, kind=AttachmentKind.FILE).values_list("pk", flat=True))
    if not files:
        return
    if with_files and Post.objects.filter(pk=post_id, deleted_at__isnull=True).exists():
        from plein.search.tasks import index_files_of_post

        transaction.on_commit(lambda: index_files_of_post.enqueue(post_id))
    else:
        indexing.index("file", files)  # a deleted post: nothing to read, the files are only removed


def _space_changed(event: Event, space_id: int) -> None:
    documents = SearchDocument.objects.filter(space_id=space_id, kind__in=SPACE_CONTENT)
    space = Space.objects.filter(pk=space_id).first()
    if space is None:
        for kind in SPACE_CONTENT:
            indexing.remove(kind, documents.filter(kind=kind).values_list("object_id", flat=True))
        return
    if "visibility" in event.payload.get("fields", ()):
        indexing.change_keys(list(documents.values_list("pk", flat=True)), keys_for_space_content(space))


def handle(event: Event) -> None:
    if event.kind in ORG_EVENTS:
        # Searchers' unit keys are read from the cached tree: a new or moved unit must be seen at once.
        transaction.on_commit(forget_department_tree)
        return
    subject_id = _subject_id(event)
    if subject_id is None:
        return
    if event.kind in POST_EVENTS:
        _index_post(subject_id, with_files=event.kind in ("post.created", "post.restored"))
    elif event.kind in COMMENT_EVENTS:
        indexing.index("comment", [subject_id])
        comment_post = (
            event.payload.get("post") or Comment.objects.filter(pk=subject_id).values_list("post_id", flat=True).first()
        )
        if comment_post:
            indexing.index("post", [comment_post])  # its popularity counts comments
    elif event.kind in SPACE_EVENTS:
        _space_changed(event, subject_id)
    elif event.kind in PROFILE_EVENTS:
        _author_moved(subject_id)


def _author_moved(user_id: int) -> None:
    """A new department or location changes the "near me" boost of the person's content (not its text)."""
    from plein.people.models import Profile

    place = Profile.objects.filter(user_id=user_id).values("department_id", "location_id").first()
    if place is not None:
        SearchDocument.objects.filter(author_id=user_id).update(**place)


def register() -> None:
    register_consumer("search", handle, kinds=KINDS)
