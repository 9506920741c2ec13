"""The words shown for each kind of notification, translated at display time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
}


def text_for(notification: Notification) -> str:
    text = str(TEXTS.get(notification.kind, _("You have a new notification.")))
    params = notification.params or {}
    try:
        return text % params if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        # An old notification without the names its text needs still says something useful.
        return str(_("You have a new notification."))
