from __future__ import annotations

from typing import Any

from django import template

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
