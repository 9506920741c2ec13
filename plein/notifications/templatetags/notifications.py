from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from plein.notifications.models import Notification
from plein.notifications.selectors import unread_count
from plein.notifications.texts import text_for

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)


@register.filter
def notification_text(notification: Notification) -> str:
    return text_for(notification)


@register.filter
def ago(moment: datetime.datetime) -> str:
    """ "just now", or "3 hours ago" (the largest unit and the next)."""
    if timezone.now() - moment < datetime.timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment)}
