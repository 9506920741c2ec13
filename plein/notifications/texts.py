"""The words shown for each kind of notification, translated at display time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plein.notifications.models import Notification

TEXTS = {
    "welcome": _("Welcome to Plein! Check your profile so colleagues can find you."),
}


def text_for(notification: Notification) -> str:
    return str(TEXTS.get(notification.kind, _("You have a new notification.")))
