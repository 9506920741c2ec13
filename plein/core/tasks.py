from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.mail import mailers
from django.tasks import task
from django.utils import timezone

from plein.core.mail import data_to_message

log = logging.getLogger("plein.mail")

MAX_MAIL_ATTEMPTS = 6


@task(queue_name="email")
def send_email(message: dict[str, Any], attempt: int) -> None:
    """Deliver one queued message; on failure re-enqueue it with back-off."""
    connection = mailers["delivery"]
    try:
        connection.send_messages([data_to_message(message)])
    except Exception:
        if attempt >= MAX_MAIL_ATTEMPTS:
            log.exception("Giving up on mail to %s after %s attempts", message["to"], attempt)
            raise
        delay = timedelta(seconds=30 * 2 ** (attempt - 1))
        log.warning("Mail to %s failed (attempt %s); retrying in %s", message["to"], attempt, delay)
        backend_supports_defer = send_email.get_backend().supports_defer
        retry = send_email.using(run_after=timezone.now() + delay) if backend_supports_defer else send_email
        retry.enqueue(message, attempt + 1)
