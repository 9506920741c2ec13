"""The words shown for each kind of notification, translated at display time.

Rolled-up notifications say how many people (``others``) or how many events (``count``) they
hold. Params that are dates are stored as ISO text and shown in the reader's locale.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plein.notifications.models import Notification

TEXTS = {
    "welcome": _("Welcome to Plein! Check your profile so colleagues can find you."),
    "space_join_requested": _("%(name)s asks to join “%(space)s”."),
    "space_request_approved": _("You are now a member of “%(space)s”."),
    "space_request_declined": _("Your request to join “%(space)s” was declined."),
    "space_added": _("%(name)s added you to “%(space)s”."),
    "space_role_changed": _("Your role in “%(space)s” has changed."),
    "space_guest_joined": _("%(name)s accepted your invitation to “%(space)s”."),
    "space_guest_expiring": _("The guest access of %(name)s to “%(space)s” ends within a week."),
    "news_must_read": _("Must read: “%(title)s”. Please read it and confirm."),
    "news_must_read_reminder": _("Reminder: please read “%(title)s” and confirm that you have understood it."),
    "page_review_due": _("Please check whether “%(title)s” is still correct before %(date)s."),
    "page_feedback": _("%(name)s sent feedback about “%(title)s”."),
    "mention": _("%(name)s mentioned you in “%(title)s”."),
    "mention_space": _("%(name)s mentioned “%(space)s” in “%(title)s”."),
    "comment_reply": _("%(name)s replied to your comment on “%(title)s”."),
    "post_comment": _("%(name)s commented on your post “%(title)s”."),
    "thread_comment": _("%(name)s commented on “%(title)s”."),
    "post_reaction": _("%(name)s reacted to your post “%(title)s”."),
    "comment_reaction": _("%(name)s reacted to your comment on “%(title)s”."),
    "space_announcement": _("Announcement in “%(space)s”: “%(title)s”."),
    "space_post": _("%(name)s posted in “%(space)s”: “%(title)s”."),
}
# When more than one person did it: "Anna de Jong and 4 others ..."
OTHERS_TEXTS = {
    "mention": ngettext_lazy(
        "%(name)s and %(others)s other mentioned you in “%(title)s”.",
        "%(name)s and %(others)s others mentioned you in “%(title)s”.",
        "others",
    ),
    "mention_space": ngettext_lazy(
        "%(name)s and %(others)s other mentioned “%(space)s” in “%(title)s”.",
        "%(name)s and %(others)s others mentioned “%(space)s” in “%(title)s”.",
        "others",
    ),
    "comment_reply": ngettext_lazy(
        "%(name)s and %(others)s other replied to your comment on “%(title)s”.",
        "%(name)s and %(others)s others replied to your comment on “%(title)s”.",
        "others",
    ),
    "post_comment": ngettext_lazy(
        "%(name)s and %(others)s other commented on your post “%(title)s”.",
        "%(name)s and %(others)s others commented on your post “%(title)s”.",
        "others",
    ),
    "post_reaction": ngettext_lazy(
        "%(name)s and %(others)s other reacted to your post “%(title)s”.",
        "%(name)s and %(others)s others reacted to your post “%(title)s”.",
        "others",
    ),
    "comment_reaction": ngettext_lazy(
        "%(name)s and %(others)s other reacted to your comment on “%(title)s”.",
        "%(name)s and %(others)s others reacted to your comment on “%(title)s”.",
        "others",
    ),
}
# When it is about many events rather than many people: "7 new comments in ..."
COUNT_TEXTS = {
    "thread_comment": ngettext_lazy(
        "%(count)s new comment in “%(title)s”.", "%(count)s new comments in “%(title)s”.", "count"
    ),
    "space_post": ngettext_lazy("%(count)s new post in “%(space)s”.", "%(count)s new posts in “%(space)s”.", "count"),
}
DATE_PARAMS = frozenset({"date"})


def _shown(params: dict[str, Any]) -> dict[str, Any]:
    """Params ready for the reader: ISO dates formatted in the active language's way."""
    shown = dict(params)
    for key in DATE_PARAMS & shown.keys():
        with contextlib.suppress(ValueError):  # not a date after all: shown as stored
            shown[key] = formats.date_format(datetime.date.fromisoformat(str(shown[key])), "DATE_FORMAT")
    return shown


def text_for(notification: Notification) -> str:
    params = _shown(notification.params or {})
    others, count = notification.others, notification.count or 1
    try:
        if others and notification.kind in OTHERS_TEXTS:
            return str(OTHERS_TEXTS[notification.kind] % {**params, "others": others})
        if count > 1 and notification.kind in COUNT_TEXTS:
            return str(COUNT_TEXTS[notification.kind] % {**params, "count": count})
        text = str(TEXTS.get(notification.kind, _("You have a new notification.")))
        return text % params if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        # An old notification without the names its text needs still says something useful.
        return str(_("You have a new notification."))
