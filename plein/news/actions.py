"""Writes on editorial content outside Wagtail's own editing: reading, confirming,
reminders, feedback to page owners, promoting a post to a news draft."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from plein.core.events import audience_user, record_event
from plein.core.selectors import get_site_settings
from plein.news import permissions
from plein.news.audience import audience_users
from plein.news.models import (
    Announcement,
    MustReadReminder,
    NewsItem,
    PageFeedback,
    PageReview,
    ProcessPage,
    ReadConfirmation,
)
from plein.news.selectors import news_index, pages_due_for_review
from plein.notifications.models import Notification

MAX_FEEDBACK_LENGTH = 2000
NOTIFY_BATCH = 2000


def _department_id(user: Any) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.department_id if profile is not None else None


def record_opened(*, user: Any, item: NewsItem) -> ReadConfirmation | None:
    """Note that someone in a must-read's audience opened it (once; later views write nothing)."""
    if not permissions.can_confirm(user, item):
        return None
    try:
        with transaction.atomic():
            confirmation, _created = ReadConfirmation.objects.get_or_create(
                news_item=item, user=user, defaults={"department_id": _department_id(user)}
            )
    except IntegrityError:  # opened in two tabs at once
        confirmation = ReadConfirmation.objects.get(news_item=item, user=user)
    return confirmation


def confirm_read(*, user: Any, item: NewsItem) -> ReadConfirmation:
    """ "Read and understood": recorded once; pressing again changes nothing."""
    if not permissions.can_confirm(user, item):
        raise PermissionDenied
    with transaction.atomic():
        confirmation, _created = ReadConfirmation.objects.select_for_update().get_or_create(
            news_item=item, user=user, defaults={"department_id": _department_id(user)}
        )
        if confirmation.confirmed_at is None:
            confirmation.confirmed_at = timezone.now()
            confirmation.save(update_fields=["confirmed_at"])
            record_event(kind="news.confirmed", actor=user, subject=item, audience=[audience_user(user.pk)])
    return confirmation


def _notify_many(*, user_ids: list[int], kind: str, url: str, params: dict[str, Any]) -> int:
    """In-app notices for many people at once (no per-person event: the bell shows them on the next page)."""
    now = timezone.now()
    for start in range(0, len(user_ids), NOTIFY_BATCH):
        Notification.objects.bulk_create(
            [
                Notification(recipient_id=pk, kind=kind, url=url, params=params, created_at=now)
                for pk in user_ids[start : start + NOTIFY_BATCH]
            ]
        )
    return len(user_ids)


def announce_published(*, item_id: int) -> int:
    """Tell a newly published must-read's audience, once per item. Returns how many were told."""
    item = NewsItem.objects.filter(pk=item_id, live=True).first()
    if item is None or not item.must_read:
        return 0
    with transaction.atomic():
        _announcement, created = Announcement.objects.get_or_create(news_item=item)
        if not created:
            return 0
        people = list(audience_users(item).values_list("pk", flat=True))
        return _notify_many(
            user_ids=people,
            kind="news_must_read",
            url=item.reader_url,
            params={"title": item.title},
        )


def send_must_read_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind people who have not confirmed a must-read N days after publication (once per item)."""
    moment = now or timezone.now()
    days = get_site_settings().must_read_reminder_days
    due = NewsItem.objects.live().filter(must_read=True, first_published_at__lte=moment - datetime.timedelta(days=days))
    told = 0
    for item in due.filter(expire_at__isnull=True) | due.filter(expire_at__gt=moment):
        with transaction.atomic():
            done = set(
                ReadConfirmation.objects.filter(news_item=item, confirmed_at__isnull=False).values_list(
                    "user_id", flat=True
                )
            )
            done |= set(MustReadReminder.objects.filter(news_item=item).values_list("user_id", flat=True))
            people = [pk for pk in audience_users(item).values_list("pk", flat=True) if pk not in done]
            if not people:
                continue
            MustReadReminder.objects.bulk_create(
                [MustReadReminder(news_item=item, user_id=pk, sent_at=moment) for pk in people],
                batch_size=NOTIFY_BATCH,
                ignore_conflicts=True,
            )
            told += _notify_many(
                user_ids=people, kind="news_must_read_reminder", url=item.reader_url, params={"title": item.title}
            )
    return told


def remind_page_owners(*, today: datetime.date | None = None) -> int:
    """Remind owners two weeks before a page's review date (once per review date)."""
    day = today or timezone.localdate()
    told = 0
    for page in pages_due_for_review(day):
        if page.page_owner_id is None:
            continue
        with transaction.atomic():
            PageReview.objects.update_or_create(page=page, defaults={"reminded_for": page.review_date})
            _notify_many(
                user_ids=[page.page_owner_id],
                kind="page_review_due",
                url=page.reader_url,
                params={"title": page.title, "date": page.review_date.isoformat()},
            )
            told += 1
    return told


def mark_checked(*, user: Any, page: ProcessPage) -> PageReview:
    """The owner confirms the page is still correct: readers see "last checked on" today."""
    if user.pk != page.page_owner_id and not permissions.is_editor(user):
        raise PermissionDenied
    with transaction.atomic():
        review, _created = PageReview.objects.update_or_create(
            page=page, defaults={"last_checked_on": timezone.localdate()}
        )
        record_event(kind="page.checked", actor=user, subject=page)
    return review


def send_feedback(*, user: Any, page: ProcessPage, message: str) -> PageFeedback:
    """A reader asks the owner whether something on the page is still correct."""
    if not permissions.can_give_feedback(user, page):
        raise PermissionDenied
    text = message.strip()
    if not text:
        raise ValidationError(_("Write what seems wrong or out of date."), code="empty")
    if len(text) > MAX_FEEDBACK_LENGTH:
        raise ValidationError(
            _("Keep it under %(limit)s characters.") % {"limit": MAX_FEEDBACK_LENGTH}, code="too_long"
        )
    with transaction.atomic():
        feedback = PageFeedback.objects.create(page=page, author=user, message=text)
        event = record_event(kind="page.feedback", actor=user, subject=page)
        if page.page_owner_id and page.page_owner_id != user.pk:
            Notification.objects.create(
                recipient_id=page.page_owner_id,
                event=event,
                kind="page_feedback",
                url=page.reader_url,
                params={"name": user.display_name, "title": page.title},
            )
    return feedback


def promote_post(*, editor: Any, post: Any) -> NewsItem:
    """A draft news item prefilled with a post's text, crediting its author. The editor finishes it in Wagtail."""
    if not permissions.can_promote(editor):
        raise PermissionDenied
    index = news_index()
    if index is None:
        raise ValidationError(_("There is no news section to add the item to."))
    first_line = (post.body.strip().splitlines() or [""])[0].lstrip("#> ").strip()
    title = Truncator(first_line or _("News from %(name)s") % {"name": post.author.display_name}).chars(80)
    with transaction.atomic():
        item = NewsItem(
            title=title,
            lead=Truncator(" ".join(post.body.split())).chars(300),
            body=post.body_html,
            author=post.author,
            owner=editor,
            promoted_from=post,
            live=False,
        )
        index.add_child(instance=item)
        item.save_revision(user=editor, log_action=True)
        record_event(kind="news.promoted", actor=editor, subject=item, payload={"post": post.pk})
    return item


def editor_url(item: Any) -> str:
    return reverse("wagtailadmin_pages:edit", args=[item.pk])
