"""Send the outbox: the worker's mail loop (``plein worker``), one SMTP connection per batch.

A batch is claimed in one short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite's write lock serialises claims), marked ``sending`` with a
claim token, and sent over one connection of the ``delivery`` mailer. Each row
is marked ``sent`` right after the server accepted it, so a batch that breaks
off half-way, or is retried, never sends the accepted ones again. A temporary
failure (connection refused or lost, 4xx) puts the row back with back-off; a
permanent one (5xx, an impossible address) or too many attempts marks it
``failed`` with the reason. A worker that dies leaves its rows ``sending``;
after ``PLEIN_MAIL_CLAIM_SECONDS`` another claim takes them again (the living
worker renews its claim while it sends, so only dead claims expire). Only the
one message that was on the wire at the moment of a kill can arrive twice:
SMTP cannot tell whether a server that said 250 to a process that then died
before writing that down has it.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from plein.core.mail import data_to_message
from plein.mailer.models import OutboxMessage, OutboxStatus

log = logging.getLogger("plein.mail")


class Permanent(Exception):
    """The server refused this message for good (5xx): trying again cannot help."""


class ConnectionLost(Exception):
    """The server is unreachable or hung up: stop the batch, try again later."""


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    connection_failed: bool = False


def backoff(attempts: int) -> timedelta:
    base = settings.PLEIN_MAIL_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _claim(limit: int, token: str) -> list[OutboxMessage]:
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PLEIN_MAIL_CLAIM_SECONDS)
    with transaction.atomic():
        due = OutboxMessage.objects.filter(
            Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxStatus.SENDING, claimed_at__lt=stale)
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.SENDING, claimed_at=now, claim_token=token)
    return list(OutboxMessage.objects.filter(pk__in=ids, claim_token=token).order_by("next_attempt_at", "id"))


def _classify(error: Exception) -> Exception:
    """Turn what the mailer raised into Permanent, ConnectionLost, or leave it (temporary)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return Permanent(_describe(error)) if codes and min(codes) >= 500 else error
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError):
        return ConnectionLost(_describe(error))
    if isinstance(error, smtplib.SMTPResponseException):
        return Permanent(_describe(error)) if error.smtp_code >= 500 else error
    if isinstance(error, ValueError):  # an address the mailer cannot use (Django's prep_address)
        return Permanent(_describe(error))
    if isinstance(error, OSError):
        return ConnectionLost(_describe(error))
    return error


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [f"{address}: {code} {_text(message)}" for address, (code, message) in error.recipients.items()]
        return "Recipients refused: " + "; ".join(parts)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _mark_sent(row: OutboxMessage, token: str) -> None:
    OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=row.attempts + 1, last_error="", claim_token=""
    )


def _mark_failed(rows: list[OutboxMessage], token: str, reason: str, *, permanent: bool) -> tuple[int, int]:
    """Record a failed attempt: failed for good, or back to pending with back-off. Returns (failed, deferred)."""
    now, failed = timezone.now(), 0
    with transaction.atomic():
        for row in rows:
            attempts = row.attempts + 1
            gave_up = permanent or attempts >= settings.PLEIN_MAIL_MAX_ATTEMPTS
            failed += gave_up
            OutboxMessage.objects.filter(pk=row.pk, claim_token=token).update(
                status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
                attempts=attempts,
                last_error=reason[:2000],
                next_attempt_at=now if gave_up else now + backoff(attempts),
                claim_token="",
            )
            if gave_up:
                log.error(
                    "Giving up on mail %s to %s after %s attempt(s): %s", row.pk, row.recipients, attempts, reason
                )
    return failed, len(rows) - failed


def _release(rows: list[OutboxMessage], token: str) -> None:
    """Hand rows back untouched (the worker is stopping): they were not tried."""
    OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        status=OutboxStatus.PENDING, claim_token=""
    )


def send_batch(*, limit: int | None = None, stop: threading.Event | None = None) -> BatchResult:
    """Claim up to ``limit`` due messages and send them over one connection."""
    token = uuid.uuid4().hex
    rows = _claim(limit or settings.PLEIN_MAIL_BATCH_SIZE, token)
    result = BatchResult(claimed=len(rows))
    if not rows:
        return result
    backend = mailers["delivery"]
    renewed = time.monotonic()
    try:
        try:
            backend.open()
        except Exception as refused:  # refused, unreachable, TLS or log-in trouble: all temporary
            log.warning("Cannot reach the mail server (%s); %s message(s) wait", _describe(refused), len(rows))
            result.failed, result.deferred = _mark_failed(rows, token, _describe(refused), permanent=False)
            result.connection_failed = True
            return result
        for index, row in enumerate(rows):
            if stop is not None and stop.is_set():
                _release(rows[index:], token)
                break
            if time.monotonic() - renewed > settings.PLEIN_MAIL_CLAIM_SECONDS / 3:
                OutboxMessage.objects.filter(pk__in=[r.pk for r in rows[index:]], claim_token=token).update(
                    claimed_at=timezone.now()
                )
                renewed = time.monotonic()
            try:
                backend.send_messages([data_to_message(row.message)])
            except Exception as raised:
                error = _classify(raised)
                if isinstance(error, ConnectionLost):
                    log.warning("The mail server went away (%s); the rest of the batch waits", error)
                    failed, deferred = _mark_failed(rows[index:], token, str(error), permanent=False)
                    result.failed += failed
                    result.deferred += deferred
                    result.connection_failed = True
                    break
                permanent = isinstance(error, Permanent)
                reason = str(error) if permanent else _describe(error)
                failed, deferred = _mark_failed([row], token, reason, permanent=permanent)
                result.failed += failed
                result.deferred += deferred
                continue
            _mark_sent(row, token)
            result.sent += 1
    finally:
        try:
            backend.close()
        except Exception:  # a server that hung up cannot be said goodbye to
            log.debug("Closing the mail connection failed", exc_info=True)
    return result


def send_due(*, max_batches: int = 1000) -> int:
    """Send everything due now, batch after batch (when tasks run in-process). Returns how many were sent."""
    sent = 0
    for _ in range(max_batches):
        result = send_batch()
        sent += result.sent
        if result.connection_failed or result.claimed < settings.PLEIN_MAIL_BATCH_SIZE:
            break
    return sent


def run_forever(*, stop: threading.Event, poll_seconds: float | None = None) -> None:
    """The worker's mail loop: send due batches; wait when there is nothing to do or the server is down."""
    interval = poll_seconds if poll_seconds is not None else settings.PLEIN_WORKER_POLL_SECONDS
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                result = send_batch(stop=stop)
            except Exception:
                log.exception("Mail loop failed; retrying")
                result = BatchResult(connection_failed=True)
            if result.connection_failed:
                # One probe per retry period while the server is down, instead of
                # running every due message into the refusal.
                stop.wait(settings.PLEIN_MAIL_RETRY_SECONDS)
            elif not result.claimed:
                stop.wait(interval)
    finally:
        connection.close()
