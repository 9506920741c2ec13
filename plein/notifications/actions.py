from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from plein.core.events import audience_user, record_event
from plein.core.models import Event
from plein.notifications.models import Notification


def notify(
    *, recipient_id: int, kind: str, event: Event | None, url: str = "", params: dict[str, Any] | None = None
) -> Notification:
    """Create a notification once per (recipient, event, kind); repeat calls return the first.

    ``params`` fill the placeholders of the kind's text (names, space), which is translated when shown.
    """
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient_id=recipient_id, event=event, kind=kind, defaults={"url": url, "params": params or {}}
        )
        if created:
            record_event(
                kind="notification.created",
                subject=notification,
                audience=[audience_user(recipient_id)],
                payload={"notification_kind": kind},
            )
    return notification


def mark_all_read(*, user: Any) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
        if count:
            record_event(
                kind="notification.read", actor=user, audience=[audience_user(user.pk)], payload={"count": count}
            )
    return count
