from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from plein.notifications.kinds import FILTER_KINDS
from plein.notifications.models import Notification, NotificationSettings, SpaceNotificationLevel


def unread_count(user: Any) -> int:
    """The bell: one query on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: Any, filter_key: str = "alles") -> QuerySet[Notification]:
    """The person's notifications, the most recently updated first, narrowed by a list filter."""
    rows = Notification.objects.filter(recipient=user)
    if filter_key == "ongelezen":
        rows = rows.filter(read_at__isnull=True)
    elif FILTER_KINDS.get(filter_key):
        rows = rows.filter(kind__in=FILTER_KINDS[filter_key])
    return rows.order_by("-updated_at", "-id")


def settings_of(user: Any) -> NotificationSettings | None:
    return NotificationSettings.objects.filter(user=user).first()


def space_levels(user: Any) -> dict[int, str]:
    return dict(SpaceNotificationLevel.objects.filter(user=user).values_list("space_id", "level"))
