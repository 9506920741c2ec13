"""Who may read, confirm, discuss and edit editorial content.

- Editors write news and pages in the editorial environment; chief editors approve
  and publish (Wagtail's workflow and page permissions, set up by migrations).
- A reader sees a published, unexpired item when its audience includes them
  (plein/news/audience.py). Editors and administrators may open any published
  item, to check it, and see its audience and must-read statistics.
- Only people in the audience confirm a must-read; comments and reactions follow the
  item's settings and are for people in its audience.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from plein.accounts.permissions import is_admin, is_employee
from plein.news.audience import is_targeted


def is_editor(user: Any) -> bool:
    return is_admin(user) or (is_employee(user) and (user.is_editor or user.is_chief_editor))


def is_chief_editor(user: Any) -> bool:
    return is_admin(user) or (is_employee(user) and user.is_chief_editor)


def is_published(item: Any) -> bool:
    return bool(item.live and (item.expire_at is None or item.expire_at > timezone.now()))


def can_read(user: Any, item: Any) -> bool:
    if not (user.is_authenticated and user.is_active) or not is_published(item):
        return False
    return is_targeted(user, item) or is_editor(user)


def can_confirm(user: Any, item: Any) -> bool:
    return bool(item.must_read) and is_published(item) and is_targeted(user, item)


def can_see_statistics(user: Any, item: Any) -> bool:
    return is_editor(user)


def can_promote(user: Any) -> bool:
    """Turn a post into a draft news item."""
    return is_editor(user)


def can_give_feedback(user: Any, page: Any) -> bool:
    return can_read(user, page)


def can_comment(user: Any, item: Any) -> bool:
    """Comment or reply: people in the audience, while the item allows comments."""
    return bool(item.allow_comments) and is_published(item) and is_targeted(user, item)


def can_react(user: Any, item: Any) -> bool:
    return bool(item.allow_reactions) and is_published(item) and is_targeted(user, item)


def can_edit_comment(user: Any, comment: Any) -> bool:
    """Authors edit their own comment while comments are open."""
    return not comment.is_deleted and comment.author_id == user.pk and can_comment(user, comment.news_item)


def can_delete_comment(user: Any, comment: Any) -> bool:
    """Authors delete their own; editors and chief editors any (soft: the thread keeps its place)."""
    if comment.is_deleted or not (user.is_authenticated and user.is_active):
        return False
    return is_editor(user) or (comment.author_id == user.pk and is_targeted(user, comment.news_item))
