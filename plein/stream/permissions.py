"""Who may see and do what with posts and comments; built on the spaces permission model.

- A post in a space is visible to whoever may read the space (see plein.spaces.permissions).
- A post on a person's own profile stream is visible to employees (guests see only their spaces).
- A deleted post or comment is visible only to the space's moderators and administrators, to restore it
  (or, for a post, to delete it for good with its files).
- Posting follows the space's posting policy; commenting and reacting need membership of the
  space (any role, guests included) or, on profile streams, being an employee.
- Archived spaces are read-only: no posting, commenting, reacting, editing, deleting or pinning.
- Editing and deleting need being able to read the post (a guest whose access ended cannot).
"""

from __future__ import annotations

from typing import Any

from plein.accounts.permissions import is_admin, is_employee
from plein.spaces import permissions as space_permissions
from plein.spaces.models import Space
from plein.stream.models import Comment, Post


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_moderate_post(user: Any, post: Post) -> bool:
    if not _active(user):
        return False
    space = post.space
    if space is None:
        return is_admin(user)
    return is_admin(user) or space_permissions.role_in(user, space) in ("owner", "moderator")


def can_view_post(user: Any, post: Post) -> bool:
    if not _active(user):
        return False
    if post.is_deleted and not can_moderate_post(user, post):
        return False
    space = post.space
    if space is None:
        return is_employee(user) or is_admin(user)
    return space_permissions.can_read_space(user, space)


def can_post_in(user: Any, space: Space | None) -> bool:
    """Write a post in ``space``, or on one's own profile stream when ``space`` is None."""
    if space is None:
        return is_employee(user)
    return space_permissions.can_post(user, space)


def _may_take_part(user: Any, post: Post) -> bool:
    if not can_view_post(user, post) or post.is_deleted:
        return False
    space = post.space
    if space is None:
        return is_employee(user)
    return space_permissions.is_member(user, space) and not space.is_archived


def can_comment(user: Any, post: Post) -> bool:
    return _may_take_part(user, post)


def can_react(user: Any, post: Post) -> bool:
    return _may_take_part(user, post)


def can_edit_post(user: Any, post: Post) -> bool:
    """The author, while they may still read it (a guest whose access ended cannot)."""
    return user.pk == post.author_id and not post.is_deleted and _writable(post) and can_view_post(user, post)


def can_delete_post(user: Any, post: Post) -> bool:
    if post.is_deleted or not _writable(post) or not can_view_post(user, post):
        return False
    return user.pk == post.author_id or can_moderate_post(user, post)


def can_restore_post(user: Any, post: Post) -> bool:
    return post.is_deleted and _writable(post) and _active(user) and can_moderate_post(user, post)


def can_purge_post(user: Any, post: Post) -> bool:
    """Delete for good (with its files): a post already deleted, by whoever may restore it."""
    return can_restore_post(user, post)


def can_pin(user: Any, post: Post) -> bool:
    """Pin a post or mark it as an announcement: moderators of its space."""
    return post.space_id is not None and not post.is_deleted and _writable(post) and can_moderate_post(user, post)


def can_see_history(user: Any, post: Post) -> bool:
    return can_moderate_post(user, post)


def can_edit_comment(user: Any, comment: Comment) -> bool:
    post = comment.post
    if comment.is_deleted or post.is_deleted or not _writable(post):
        return False
    return user.pk == comment.author_id and can_view_post(user, post)


def can_delete_comment(user: Any, comment: Comment) -> bool:
    post = comment.post
    if comment.is_deleted or post.is_deleted or not _writable(post) or not can_view_post(user, post):
        return False
    return user.pk == comment.author_id or can_moderate_post(user, post)


def can_restore_comment(user: Any, comment: Comment) -> bool:
    return comment.is_deleted and not comment.post.is_deleted and can_moderate_post(user, comment.post)


def _writable(post: Post) -> bool:
    return post.space is None or not post.space.is_archived
