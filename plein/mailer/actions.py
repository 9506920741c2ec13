"""Writes on the outbox: queue messages, retry failed ones, forget old sent ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from plein.core.mail import message_to_data
from plein.mailer.models import OutboxMessage, OutboxStatus

# A caller that may send the same logical mail twice (a retried task, a redelivered
# event) names it with this header; the outbox keeps one message per key.
IDEMPOTENCY_HEADER = "X-Plein-Idempotency-Key"


def queue_messages(messages: Sequence[EmailMessage]) -> int:
    """Write one outbox row per message with recipients, in the caller's transaction. Returns how many.

    A message whose idempotency key is already queued (or sent) is counted but not queued again.
    """
    rows = []
    for message in messages:
        if not message.recipients():
            continue
        data = message_to_data(message)
        names = [name for name in data["headers"] if name.lower() == IDEMPOTENCY_HEADER.lower()]
        key = "".join(str(data["headers"].pop(name)) for name in names).strip()[:200]
        rows.append(OutboxMessage.from_data(data, key=key))
    if rows:
        OutboxMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def queue_data(data: dict[str, Any], *, key: str) -> None:
    """Queue a message already turned into data (by plein.core.mail.message_to_data)."""
    OutboxMessage.objects.bulk_create([OutboxMessage.from_data(data, key=key)], ignore_conflicts=True)


def retry_failed(*, message_ids: Sequence[int] | None = None) -> int:
    """Put failed messages (all, or the given ones) back in the queue, due now, with a fresh attempt count."""
    with transaction.atomic():
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED)
        if message_ids is not None:
            failed = failed.filter(pk__in=list(message_ids))
        return failed.update(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claim_token="")


def forget_sent_messages() -> int:
    """Delete sent messages older than PLEIN_MAIL_KEEP_DAYS, so the table stays small (a periodic job)."""
    cutoff = timezone.now() - timedelta(days=settings.PLEIN_MAIL_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted
