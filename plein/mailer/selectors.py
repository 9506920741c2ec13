"""Reads on the outbox for the administrators' queue page; every list is bounded."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from plein.mailer.models import OutboxMessage, OutboxStatus

LIST_LIMIT = 100


def queue_counts() -> dict[str, int]:
    """How many messages wait, are being sent, were sent and failed: one query."""
    counts = OutboxMessage.objects.aggregate(
        **{status.value: Count("pk", filter=Q(status=status.value)) for status in OutboxStatus}
    )
    return {key: int(value or 0) for key, value in counts.items()}


def _listed(statuses: list[str], *order: str) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(status__in=statuses).defer("message").order_by(*order)


def failed_messages(limit: int = LIST_LIMIT) -> QuerySet[OutboxMessage]:
    return _listed([OutboxStatus.FAILED], "-next_attempt_at", "-pk")[:limit]


def waiting_messages(limit: int = LIST_LIMIT) -> QuerySet[OutboxMessage]:
    return _listed([OutboxStatus.PENDING, OutboxStatus.SENDING], "next_attempt_at", "pk")[:limit]


def sent_messages(limit: int = LIST_LIMIT) -> QuerySet[OutboxMessage]:
    return _listed([OutboxStatus.SENT], "-sent_at", "-pk")[:limit]
