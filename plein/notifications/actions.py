"""Writes on notifications: make and roll up, mark read, and save a person's preferences."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plein.core.events import NewEvent, audience_user, record_event, record_events
from plein.core.models import Event
from plein.notifications.models import Notification, NotificationSettings, SpaceLevel, SpaceNotificationLevel

BATCH = 1000
KEEP_EVENT_IDS = 200
ROLLED_UP_FIELDS = [
    "actor_ids",
    "event_ids",
    "count",
    "params",
    "url",
    "updated_at",
]  # enough to recognise a re-delivery; older events are long delivered


def notify(
    *,
    recipient_id: int,
    kind: str,
    event: Event | None,
    url: str = "",
    params: dict[str, Any] | None = None,
    subject: str = "",
    actor_id: int | None = None,
) -> Notification | None:
    """Tell one person. Without ``subject``: once per (recipient, event, kind), repeat calls return the first.

    With ``subject`` it rolls up like :func:`notify_many`. ``params`` fill the placeholders of the
    kind's text (names, space), which is translated when shown.
    """
    if subject and event is not None:
        notify_many(
            recipient_ids=[recipient_id],
            kind=kind,
            event=event,
            subject=subject,
            url=url,
            params=params,
            actor_id=actor_id,
        )
        return Notification.objects.filter(recipient_id=recipient_id, kind=kind, subject=subject).first()
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient_id=recipient_id, event=event, kind=kind, defaults={"url": url, "params": params or {}}
        )
        if created:
            _announce([notification], kind)
    return notification


def _announce(notifications: Sequence[Notification], kind: str) -> None:
    """``notification.created`` for the live badge: one per notification, or one per batch of people."""
    if len(notifications) == 1:
        (notification,) = notifications
        record_event(
            kind="notification.created",
            subject=notification,
            audience=[audience_user(notification.recipient_id)],
            payload={"notification_kind": kind},
        )
        return
    recipient_ids = [n.recipient_id for n in notifications]
    record_events(
        [
            NewEvent(
                kind="notification.created",
                audience=tuple(audience_user(pk) for pk in recipient_ids[start : start + BATCH]),
                payload={"notification_kind": kind},
            )
            for start in range(0, len(recipient_ids), BATCH)
        ]
    )


def notify_many(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    event: Event,
    subject: str,
    url: str = "",
    params: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> int:
    """Tell many people about ``event`` on ``subject``, rolled up; returns how many were told anew.

    A person with an unread notification of this kind on this subject gets it updated (the actor
    first, the count up, moved to the top); otherwise a new one. An event already counted in one
    of their notifications (a re-delivery) changes nothing. Preconditions: the caller chose the
    recipients through the permission model and left out the actor.
    """
    ids = [pk for pk in dict.fromkeys(recipient_ids) if pk != actor_id]
    values = params or {}
    now = timezone.now()
    told: list[Notification] = []
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            # Unread ones to roll into, and read ones touched since the event (may already hold it).
            rows = list(
                Notification.objects.select_for_update()
                .filter(recipient_id__in=chunk, kind=kind, subject=subject)
                .filter(Q(read_at__isnull=True) | Q(updated_at__gte=event.created_at) | Q(event=event))
            )
            seen = {n.recipient_id for n in rows if n.event_id == event.pk or event.pk in (n.event_ids or [])}
            unread = {n.recipient_id: n for n in rows if n.read_at is None}
            changed = []
            new = []
            for pk in chunk:
                if pk in seen:
                    continue
                row = unread.get(pk)
                if row is None:
                    new.append(
                        Notification(
                            recipient_id=pk,
                            kind=kind,
                            event=event,
                            subject=subject,
                            url=url,
                            params=values,
                            actor_ids=[actor_id] if actor_id else [],
                            event_ids=[event.pk],
                            created_at=now,
                            updated_at=now,
                        )
                    )
                    continue
                actors = row.actor_ids or []
                if actor_id:
                    actors = [actor_id, *(a for a in actors if a != actor_id)]
                row.actor_ids = actors
                row.event_ids = [*(row.event_ids or []), event.pk][-KEEP_EVENT_IDS:]
                row.count += 1
                row.params = {**row.params, **values}
                row.url = url or row.url
                row.updated_at = now
                changed.append(row)
            Notification.objects.bulk_update(changed, ROLLED_UP_FIELDS)
            told.extend(Notification.objects.bulk_create(new))
        if told:
            _announce(told, kind)
    return len(told)


def _mark(user: Any, rows: Any) -> int:
    with transaction.atomic():
        count = int(rows.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now()))
        if count:
            record_event(
                kind="notification.read", actor=user, audience=[audience_user(user.pk)], payload={"count": count}
            )
    return count


def mark_all_read(*, user: Any) -> int:
    return _mark(user, Notification.objects.all())


def mark_read(*, user: Any, notification_id: int) -> Notification | None:
    """Mark one of the person's notifications read; None when it is not theirs."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is not None and notification.read_at is None:
        _mark(user, Notification.objects.filter(pk=notification.pk))
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_subject_read(*, user: Any, subject: str) -> int:
    """Reading the subject anywhere (the post's page) marks its notifications read.

    Cheap when there is nothing unread: one indexed query, no write.
    """
    if not (user.is_authenticated and subject):
        return 0
    rows = Notification.objects.filter(recipient=user, subject=subject, read_at__isnull=True)
    if not rows.exists():
        return 0
    return _mark(user, rows)


def save_channels(*, user: Any, channels: dict[str, dict[str, bool]], digest: str) -> NotificationSettings:
    """Store the channel choices (only what differs from the defaults) and the digest frequency."""
    from plein.notifications.kinds import CHANNELS, GROUPS

    differing: dict[str, dict[str, bool]] = {}
    for group in GROUPS:
        for channel in CHANNELS:
            chosen = channels.get(group.key, {}).get(channel, group.defaults[channel])
            if channel not in group.fixed and chosen != group.defaults[channel]:
                differing.setdefault(group.key, {})[channel] = chosen
    with transaction.atomic():
        settings, _created = NotificationSettings.objects.get_or_create(user=user)
        settings.channels, settings.digest = differing, digest
        settings.save(update_fields=["channels", "digest", "updated_at"])
        record_event(kind="notification.settings_changed", actor=user, audience=[audience_user(user.pk)])
    return settings


def save_quiet_times(
    *, user: Any, quiet_from: datetime.time | None, quiet_until: datetime.time | None, quiet_days: list[int]
) -> NotificationSettings:
    with transaction.atomic():
        settings, _created = NotificationSettings.objects.get_or_create(user=user)
        settings.quiet_from, settings.quiet_until = quiet_from, quiet_until
        settings.quiet_days = sorted(set(quiet_days))
        settings.save(update_fields=["quiet_from", "quiet_until", "quiet_days", "updated_at"])
        record_event(kind="notification.settings_changed", actor=user, audience=[audience_user(user.pk)])
    return settings


def pause(*, user: Any, days: int) -> NotificationSettings:
    """Pause e-mail, digests and push for ``days`` days (0 resumes now)."""
    with transaction.atomic():
        settings, _created = NotificationSettings.objects.get_or_create(user=user)
        settings.paused_until = timezone.now() + datetime.timedelta(days=days) if days > 0 else None
        settings.save(update_fields=["paused_until", "updated_at"])
        record_event(kind="notification.settings_changed", actor=user, audience=[audience_user(user.pk)])
    return settings


def set_space_level(*, user: Any, space: Any, level: str) -> None:
    """How much the person hears from ``space``; the default removes the row."""
    if level not in SpaceLevel.values:
        raise ValueError(level)
    with transaction.atomic():
        if level == SpaceLevel.DEFAULT:
            SpaceNotificationLevel.objects.filter(user=user, space=space).delete()
        else:
            SpaceNotificationLevel.objects.update_or_create(user=user, space=space, defaults={"level": level})
        record_event(
            kind="notification.settings_changed",
            actor=user,
            audience=[audience_user(user.pk)],
            payload={"space": space.pk, "level": level},
        )
