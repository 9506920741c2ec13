"""Deliver outbox events to consumers; run by ``plein worker``.

Each delivery is claimed and applied in its own transaction. On PostgreSQL
the claim uses ``SELECT ... FOR UPDATE SKIP LOCKED`` so several workers share
the queue; SQLite takes the write lock at BEGIN (see settings), which
serialises workers. If the worker dies mid-delivery the transaction rolls
back and the row stays pending, so nothing is lost; since the consumer's own
writes rolled back with it, nothing is applied twice either.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from plein.core.events import consumers
from plein.core.models import DeliveryStatus, EventDelivery
from plein.core.periodic import run_due_jobs
from plein.core.taskqueue import requeue_stale_tasks

log = logging.getLogger("plein.events")


SWEEP_SECONDS = 60


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts, 3600))


def _claim_next() -> EventDelivery | None:
    due = EventDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()).order_by(
        "next_attempt_at", "id"
    )
    features = connection.features
    if features.has_select_for_update_skip_locked:
        # Lock only the delivery row: locking the joined event row too would
        # make a second worker skip every other delivery of the same event and
        # block consumers that insert rows referencing the event (their
        # foreign-key check needs a KEY SHARE lock on it). NO KEY UPDATE is
        # enough because the worker never changes the delivery's key.
        due = due.select_for_update(
            skip_locked=True,
            of=("self",) if features.has_select_for_update_of else (),
            no_key=features.has_select_for_no_key_update,
        )
    return due.select_related("event").first()


def deliver_one() -> bool:
    """Deliver the next due event to its consumer. Returns False when none is due."""
    with transaction.atomic():
        delivery = _claim_next()
        if delivery is None:
            return False
        consumer = consumers().get(delivery.consumer)
        delivery.attempts += 1
        try:
            if consumer is None:
                # Retryable: during a rolling deploy an older worker may not know
                # a consumer that newer web processes already write deliveries for.
                raise LookupError(f"No consumer named {delivery.consumer!r} is registered in this worker.")
            with transaction.atomic():
                consumer.handler(delivery.event)
        except Exception as exc:  # a consumer failure must not stop the worker
            log.exception("Consumer %s failed on event %s", delivery.consumer, delivery.event_id)
            delivery.last_error = f"{type(exc).__name__}: {exc}"
            if delivery.attempts >= settings.PLEIN_EVENT_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                delivery.next_attempt_at = timezone.now() + _backoff(delivery.attempts)
            delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return True
        delivery.status = DeliveryStatus.DONE
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["status", "attempts", "delivered_at", "last_error"])
        return True


def deliver_pending(limit: int | None = None) -> int:
    """Deliver due events until none is left (or ``limit`` is reached)."""
    count = 0
    while (limit is None or count < limit) and deliver_one():
        count += 1
    return count


def run_forever(*, poll_seconds: float | None = None, stop: object = None) -> None:
    """Loop over the outbox; ``stop`` is an optional ``threading.Event``."""
    interval = poll_seconds if poll_seconds is not None else settings.PLEIN_WORKER_POLL_SECONDS
    next_sweep = 0.0
    try:
        while not (stop is not None and stop.is_set()):  # type: ignore[attr-defined]
            # Outside the request cycle nobody else drops a connection that
            # broke (database restart) or grew too old; without this the loop
            # would fail on a dead connection forever.
            close_old_connections()
            try:
                # Loads PLEIN_EXTRA_EVENT_CONSUMERS at start-up rather than at
                # the first delivery; a wrong path is logged on every round.
                consumers()
                delivered = deliver_pending(limit=500)
                run_due_jobs()
                if time.monotonic() >= next_sweep:
                    requeue_stale_tasks()
                    next_sweep = time.monotonic() + SWEEP_SECONDS
            except Exception:
                log.exception("Event delivery loop failed; retrying")
                delivered = 0
            if not delivered:
                time.sleep(interval)
    finally:
        connection.close()
