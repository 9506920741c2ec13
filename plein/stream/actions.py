"""Writes on the stream: one function per verb, each in a transaction with its event.

Every action checks its permission predicate and raises :class:`StreamError`
(translated, shown next to the composer with the text kept) for input a
person can put right.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.accounts.models import User
from plein.core.events import AUDIENCE_ORG, audience_user, record_event
from plein.core.models import Interaction, InteractionKind
from plein.core.selectors import get_site_settings
from plein.people.permissions import can_view_profile
from plein.spaces import permissions as space_permissions
from plein.spaces.models import Space, SpaceVisibility
from plein.stream import permissions
from plein.stream.images import AttachmentProblem, PreparedFile, PreparedImage, prepare_file, prepare_image
from plein.stream.models import (
    MAX_ALT_TEXT_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_FILES,
    MAX_IMAGES,
    MAX_POST_LENGTH,
    Attachment,
    AttachmentKind,
    Comment,
    Post,
    PostRevision,
    Reaction,
    Topic,
)
from plein.stream.text import Rendered, render, topic_slug


class StreamError(ValidationError):
    """Something the author can put right; the message is translated."""


def post_audience(post: Post) -> list[str]:
    """Who may learn of events about the post: the space's members, the organisation if it reads along."""
    space = post.space
    if space is None:
        return [AUDIENCE_ORG]
    tokens = [f"space:{space.pk}"]
    if space.visibility == SpaceVisibility.OPEN:
        tokens.append(AUDIENCE_ORG)
    return tokens


def checked_text(author: User, text: str, *, limit: int, has_images: bool | None = None) -> Rendered:
    """Render the text and check what it refers to; StreamError for anything the author must fix.

    ``has_images`` is given for posts: a post of images alone needs no text, an entirely empty one is refused.
    """
    if not text.strip():
        if has_images:
            return Rendered(html="", user_ids=[], space_slugs=[], topics=[])
        if has_images is None:
            raise StreamError(_("Write something first."))
        raise StreamError(_("Write something or add an image first."))
    if len(text) > limit:
        raise StreamError(
            _("This is %(length)s characters long; the limit is %(limit)s.") % {"length": len(text), "limit": limit}
        )
    rendered = render(text)
    people = {user.pk: user for user in User.objects.filter(pk__in=rendered.user_ids)}
    for user_id in rendered.user_ids:
        person = people.get(user_id)
        if person is None or not can_view_profile(author, person):
            raise StreamError(_("You mentioned someone you cannot reach here. Remove the mention and try again."))
    for slug in rendered.space_slugs:
        space = Space.objects.filter(slug=slug).first()
        if space is None or not space_permissions.can_see_space(author, space):
            raise StreamError(_("You mentioned a space that does not exist. Remove the mention and try again."))
    return rendered


def _topics(names: list[str]) -> list[Topic]:
    topics = []
    for name in names[:20]:
        slug = topic_slug(name)
        topic, _created = Topic.objects.get_or_create(slug=slug, defaults={"name": name[:60]})
        topics.append(topic)
    return topics


def create_post(
    *,
    author: User,
    body: str,
    space: Space | None = None,
    client_token: str = "",
    images: Sequence[tuple[Any, str]] = (),
    files: Sequence[Any] = (),
) -> Post:
    """Post in a space (or on one's own profile stream). The same ``client_token`` twice gives one post.

    ``images`` are (uploaded file, alt text) pairs, ``files`` uploaded files. Every one is checked and
    the images are redrawn before anything is written; a refused one refuses the whole post.
    """
    if not permissions.can_post_in(author, space):
        raise PermissionDenied
    token = client_token.strip()[:64]
    if token:
        existing = Post.objects.filter(author=author, client_token=token).first()
        if existing is not None:
            return existing
    rendered = checked_text(author, body, limit=MAX_POST_LENGTH, has_images=bool(images))
    prepared_images, prepared_files = _prepared_attachments(images, files)
    stored: list[Any] = []
    try:
        with transaction.atomic():
            post = Post.objects.create(
                author=author, space=space, body=body, body_html=rendered.html, client_token=token
            )
            post.topics.set(_topics(rendered.topics))
            post.mentions.set(rendered.user_ids)
            _store_attachments(post, prepared_images, prepared_files, stored)
            if space is not None:
                Space.objects.filter(pk=space.pk).update(last_activity_at=post.created_at)
            _follow_thread(author, post)
            record_event(
                kind="post.created",
                actor=author,
                subject=post,
                audience=post_audience(post),
                payload={"space": space.pk if space else None, "mentions": rendered.user_ids},
            )
    except IntegrityError:
        _forget(stored)
        if not token:
            raise
        # A double click raced past the check above: the first request's post is the post.
        return Post.objects.get(author=author, client_token=token)
    except BaseException:
        _forget(stored)
        raise
    return post


def _prepared_attachments(
    images: Sequence[tuple[Any, str]], files: Sequence[Any], *, kept_images: int = 0, kept_files: int = 0
) -> tuple[list[PreparedImage], list[PreparedFile]]:
    """Check every image and file (StreamError for the first problem) and redraw the images.

    ``kept_images`` and ``kept_files`` are what an edited post keeps; the limits count them too.
    """
    for count, kept, limit, added, together in (
        (
            len(images),
            kept_images,
            MAX_IMAGES,
            _("You added %(count)s images; a message can have at most %(limit)s."),
            _("With the images it keeps, this message would have %(count)s; a message can have at most %(limit)s."),
        ),
        (
            len(files),
            kept_files,
            MAX_FILES,
            _("You added %(count)s files; a message can have at most %(limit)s."),
            _("With the files it keeps, this message would have %(count)s; a message can have at most %(limit)s."),
        ),
    ):
        if count + kept > limit:
            raise StreamError((together if kept else added) % {"count": count + kept, "limit": limit})
    for upload, alt_text in images:
        if not alt_text.strip():
            raise StreamError(
                _("Describe the image “%(name)s” for people who cannot see it (alternative text).")
                % {"name": getattr(upload, "name", "")}
            )
        if len(alt_text.strip()) > MAX_ALT_TEXT_LENGTH:
            raise StreamError(
                _("The description of “%(name)s” is too long; at most %(limit)s characters.")
                % {"name": getattr(upload, "name", ""), "limit": MAX_ALT_TEXT_LENGTH}
            )
    site = get_site_settings()
    try:
        prepared_images = [
            prepare_image(upload, alt_text.strip(), max_bytes=site.attachment_max_bytes) for upload, alt_text in images
        ]
        prepared_files = [
            prepare_file(upload, max_bytes=site.attachment_max_bytes, allowed=site.attachment_extensions)
            for upload in files
        ]
    except AttachmentProblem as problem:
        raise StreamError(problem.message) from None
    return prepared_images, prepared_files


def _store_attachments(
    post: Post,
    images: list[PreparedImage],
    files: list[PreparedFile],
    stored: list[Any],
    *,
    image_start: int = 0,
    file_start: int = 0,
) -> None:
    """Write the files and their rows; ``stored`` collects what was written, to remove it if the post fails."""
    for position, image in enumerate(images, start=image_start):
        attachment = Attachment(
            post=post,
            kind=AttachmentKind.IMAGE,
            alt_text=image.alt_text,
            name=image.name,
            size=image.full.size,
            content_type=image.content_type,
            position=position,
        )
        attachment.file.save(image.full.name or "", image.full, save=False)
        stored.append(attachment.file)
        attachment.preview.save(image.preview.name or "", image.preview, save=False)
        stored.append(attachment.preview)
        attachment.save()
    for position, prepared in enumerate(files, start=file_start):
        attachment = Attachment(
            post=post,
            kind=AttachmentKind.FILE,
            name=prepared.name,
            size=prepared.size,
            content_type=prepared.content_type,
            position=position,
        )
        attachment.file.save(prepared.upload.name or "", prepared.upload, save=False)
        stored.append(attachment.file)
        attachment.save()


def _forget(stored: list[Any]) -> None:
    """Remove files written for a post that was not saved."""
    for field_file in stored:
        with contextlib.suppress(OSError):
            field_file.storage.delete(field_file.name)


def edit_post(
    *,
    actor: User,
    post: Post,
    body: str,
    remove: Sequence[int] = (),
    images: Sequence[tuple[Any, str]] = (),
    files: Sequence[Any] = (),
) -> Post:
    """Change a post's text and attachments: ``remove`` names attachments to drop, ``images`` and ``files`` are added.

    The earlier text and the names of the earlier attachments are kept as a revision for moderators. The
    same limits and checks apply as when posting; the files of removed attachments leave storage once the
    edit is committed.
    """
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    current = list(Attachment.objects.filter(post=post))
    dropped = {int(pk) for pk in remove}
    removed = [a for a in current if a.pk in dropped]
    kept = [a for a in current if a.pk not in dropped]
    kept_images = [a for a in kept if a.kind == AttachmentKind.IMAGE]
    kept_files = [a for a in kept if a.kind == AttachmentKind.FILE]
    rendered = checked_text(actor, body, limit=MAX_POST_LENGTH, has_images=bool(kept_images or images))
    prepared_images, prepared_files = _prepared_attachments(
        images, files, kept_images=len(kept_images), kept_files=len(kept_files)
    )
    stored: list[Any] = []
    try:
        with transaction.atomic():
            PostRevision.objects.create(
                post=post, body=post.body, edited_by=actor, attachments=[a.name for a in current]
            )
            post.body, post.body_html, post.edited_at = body, rendered.html, timezone.now()
            post.save(update_fields=["body", "body_html", "edited_at"])
            post.topics.set(_topics(rendered.topics))
            post.mentions.set(rendered.user_ids)
            if removed:
                Attachment.objects.filter(pk__in=[a.pk for a in removed]).delete()
                remove_files_after_commit(removed)
            _store_attachments(
                post,
                prepared_images,
                prepared_files,
                stored,
                image_start=max((a.position for a in kept_images), default=-1) + 1,
                file_start=max((a.position for a in kept_files), default=-1) + 1,
            )
            record_event(
                kind="post.edited",
                actor=actor,
                subject=post,
                audience=post_audience(post),
                payload={"attachments_removed": len(removed), "attachments_added": len(images) + len(files)},
            )
    except BaseException:
        _forget(stored)
        raise
    getattr(post, "_prefetched_objects_cache", {}).pop("attachments", None)
    return post


def purge_post(*, actor: User, post: Post) -> None:
    """Delete a (soft-)deleted post for good, with its comments, revisions and attachment files.

    The files leave storage only after the deletion is committed, so a rolled-back purge keeps them all.
    """
    if not permissions.can_purge_post(actor, post):
        raise PermissionDenied
    with transaction.atomic():
        remove_files_after_commit(Attachment.objects.filter(post=post))
        record_event(kind="post.purged", actor=actor, subject=post, audience=post_audience(post))
        Interaction.objects.filter(target_type=ContentType.objects.get_for_model(Post), target_id=post.pk).delete()
        Interaction.objects.filter(
            target_type=ContentType.objects.get_for_model(Comment),
            target_id__in=Comment.objects.filter(post=post).values("pk"),
        ).delete()
        post.delete()


def remove_space_files_after_commit(*, space: Space) -> None:
    """Called by plein.spaces.actions.delete_space inside its transaction, before the space is deleted.

    The posts and their attachment rows go with the space (a database cascade); their files are listed
    here, while the rows still exist, and removed once the deletion is committed. Done in the deleting
    transaction rather than by a consumer of ``space.deleted``: by the time a consumer runs the rows are
    gone, so it could no longer find the files; and nothing leaves storage if the deletion rolls back.
    """
    remove_files_after_commit(Attachment.objects.filter(post__space=space))


def remove_files_after_commit(attachments: Iterable[Attachment]) -> None:
    """Remove the attachments' stored files (full image or file, and preview) once the transaction commits.

    A rolled-back transaction removes nothing; a file that is already gone is skipped.
    """
    names = [
        (field_file.storage, field_file.name)
        for attachment in attachments
        for field_file in (attachment.file, attachment.preview)
        if field_file.name
    ]
    if not names:
        return

    def remove() -> None:
        for storage, name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(remove)


def delete_post(*, actor: User, post: Post) -> None:
    if not permissions.can_delete_post(actor, post):
        raise PermissionDenied
    with transaction.atomic():
        post.deleted_at, post.deleted_by = timezone.now(), actor
        post.save(update_fields=["deleted_at", "deleted_by"])
        record_event(kind="post.deleted", actor=actor, subject=post, audience=post_audience(post))


def restore_post(*, actor: User, post: Post) -> None:
    if not permissions.can_restore_post(actor, post):
        raise PermissionDenied
    with transaction.atomic():
        post.deleted_at, post.deleted_by = None, None
        post.save(update_fields=["deleted_at", "deleted_by"])
        record_event(kind="post.restored", actor=actor, subject=post, audience=post_audience(post))


def set_pinned(*, actor: User, post: Post, pinned: bool) -> None:
    if not permissions.can_pin(actor, post):
        raise PermissionDenied
    post.pinned_at = timezone.now() if pinned else None
    post.save(update_fields=["pinned_at"])


def set_announcement(*, actor: User, post: Post, announcement: bool) -> None:
    if not permissions.can_pin(actor, post):
        raise PermissionDenied
    with transaction.atomic():
        post.is_announcement = announcement
        post.save(update_fields=["is_announcement"])
        if announcement:
            record_event(kind="post.announced", actor=actor, subject=post, audience=post_audience(post))


def create_comment(
    *, author: User, post: Post, body: str, parent: Comment | None = None, client_token: str = ""
) -> Comment:
    """Comment on a post, or reply to a comment (a reply to a reply joins its parent's thread)."""
    if not permissions.can_comment(author, post):
        raise PermissionDenied
    if parent is not None:
        if parent.post_id != post.pk or parent.is_deleted:
            raise StreamError(_("The comment you reply to is no longer there."))
        parent = parent.parent or parent
    token = client_token.strip()[:64]
    if token:
        existing = Comment.objects.filter(author=author, client_token=token).first()
        if existing is not None:
            return existing
    rendered = checked_text(author, body, limit=MAX_COMMENT_LENGTH)
    try:
        return _create_comment(author, post, body, parent, token, rendered)
    except IntegrityError:
        if not token:
            raise
        # A double click raced past the check above: the first request's comment is the comment.
        return Comment.objects.get(author=author, client_token=token)


def _create_comment(
    author: User, post: Post, body: str, parent: Comment | None, token: str, rendered: Rendered
) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post, parent=parent, author=author, body=body, body_html=rendered.html, client_token=token
        )
        comment.mentions.set(rendered.user_ids)
        Post.objects.filter(pk=post.pk).update(
            comment_count=F("comment_count") + 1, last_activity_at=comment.created_at
        )
        if post.space_id:
            Space.objects.filter(pk=post.space_id).update(last_activity_at=comment.created_at)
        _follow_thread(author, post)
        record_event(
            kind="comment.created",
            actor=author,
            subject=comment,
            audience=post_audience(post),
            payload={
                "post": post.pk,
                "parent": parent.pk if parent else None,
                "parent_author": parent.author_id if parent else None,
                "post_author": post.author_id,
                "mentions": rendered.user_ids,
            },
        )
    return comment


def edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    if not permissions.can_edit_comment(actor, comment):
        raise PermissionDenied
    rendered = checked_text(actor, body, limit=MAX_COMMENT_LENGTH)
    with transaction.atomic():
        comment.body, comment.body_html, comment.edited_at = body, rendered.html, timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        comment.mentions.set(rendered.user_ids)
        record_event(
            kind="comment.edited",
            actor=actor,
            subject=comment,
            audience=post_audience(comment.post),
            payload={"post": comment.post_id, "mentions": rendered.user_ids},
        )
    return comment


def delete_comment(*, actor: User, comment: Comment) -> None:
    if not permissions.can_delete_comment(actor, comment):
        raise PermissionDenied
    with transaction.atomic():
        comment.deleted_at, comment.deleted_by = timezone.now(), actor
        comment.save(update_fields=["deleted_at", "deleted_by"])
        Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(comment_count=F("comment_count") - 1)
        record_event(kind="comment.deleted", actor=actor, subject=comment, audience=post_audience(comment.post))


def restore_comment(*, actor: User, comment: Comment) -> None:
    if not permissions.can_restore_comment(actor, comment):
        raise PermissionDenied
    with transaction.atomic():
        comment.deleted_at, comment.deleted_by = None, None
        comment.save(update_fields=["deleted_at", "deleted_by"])
        Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + 1)
        record_event(kind="comment.restored", actor=actor, subject=comment, audience=post_audience(comment.post))


def react(*, user: User, target: Post | Comment, value: str) -> None:
    """Set the person's one reaction on a post or comment (changing it replaces the old one)."""
    post = target if isinstance(target, Post) else target.post
    if value not in Reaction.values:
        raise StreamError(_("Choose one of the reactions."))
    if not permissions.can_react(user, post) or (isinstance(target, Comment) and target.is_deleted):
        raise PermissionDenied
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        reaction, created = Interaction.objects.select_for_update().get_or_create(
            user=user,
            kind=InteractionKind.REACTION,
            target_type=content_type,
            target_id=target.pk,
            defaults={"value": value},
        )
        if not created and reaction.value == value:
            return
        if not created:
            reaction.value = value
            reaction.save(update_fields=["value"])
        else:
            type(target).objects.filter(pk=target.pk).update(reaction_count=F("reaction_count") + 1)
        record_event(
            kind="reaction.set",
            actor=user,
            subject=target,
            audience=[audience_user(target.author_id)],
            payload={"value": value, "post": post.pk, "author": target.author_id},
        )


def unreact(*, user: User, target: Post | Comment) -> None:
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        deleted, _rows = Interaction.objects.filter(
            user=user, kind=InteractionKind.REACTION, target_type=content_type, target_id=target.pk
        ).delete()
        if deleted:
            type(target).objects.filter(pk=target.pk, reaction_count__gt=0).update(
                reaction_count=F("reaction_count") - 1
            )


def _set_interaction(user: User, kind: str, target: Any, on: bool) -> None:
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"user": user, "kind": kind, "target_type": content_type, "target_id": target.pk}
    if on:
        Interaction.objects.get_or_create(**lookup)
    else:
        Interaction.objects.filter(**lookup).delete()


def _follow_thread(user: User, post: Post) -> None:
    """Writing in a thread follows it, unless the person muted it."""
    content_type = ContentType.objects.get_for_model(Post)
    muted = Interaction.objects.filter(
        user=user, kind=InteractionKind.MUTE, target_type=content_type, target_id=post.pk
    ).exists()
    if not muted:
        _set_interaction(user, InteractionKind.FOLLOW, post, True)


def set_bookmark(*, user: User, post: Post, saved: bool) -> None:
    if not permissions.can_view_post(user, post):
        raise PermissionDenied
    _set_interaction(user, InteractionKind.BOOKMARK, post, saved)


def set_thread_follow(*, user: User, post: Post, follow: bool) -> None:
    """Follow a thread (notifications about it) or mute it; one excludes the other."""
    if not permissions.can_view_post(user, post):
        raise PermissionDenied
    with transaction.atomic():
        _set_interaction(user, InteractionKind.FOLLOW, post, follow)
        _set_interaction(user, InteractionKind.MUTE, post, not follow)


def set_topic_follow(*, user: User, topic: Topic, follow: bool) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    _set_interaction(user, InteractionKind.FOLLOW, topic, follow)
