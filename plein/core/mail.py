"""Outgoing mail goes through the outbox (plein.mailer).

``QueuedEmailBackend`` turns each message into plain data and writes it as an
``OutboxMessage`` row in the caller's transaction (so a rolled-back action
sends nothing); the worker's mail loop delivers it with the ``delivery``
mailer (SMTP in production) in batches and retries with back-off when the
mail server is unavailable. Pages never wait for SMTP. When tasks run
in-process (no worker: the test suite, a single-process set-up) the due mail
is sent right after the commit instead.
"""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import logging
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

log = logging.getLogger("plein.mail")


def _attachment_to_data(attachment: Any) -> dict[str, Any]:
    # Task arguments must be JSON, so bytes travel as base64.
    if isinstance(attachment, email.message.Message):  # MIMEPart, or a legacy MIMEBase
        return {"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")}
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        return {"filename": filename, "base64": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
    return {"filename": filename, "text": str(content), "mimetype": mimetype}


def _attach_data(message: EmailMessage, data: dict[str, Any]) -> None:
    if "mime" in data:
        part = email.message_from_bytes(base64.b64decode(data["mime"]), policy=email.policy.default)
        message.attach(part)
    elif "base64" in data:
        message.attach(data["filename"], base64.b64decode(data["base64"]), data["mimetype"])
    else:
        message.attach(data["filename"], data["text"], data["mimetype"])


def message_to_data(message: EmailMessage) -> dict[str, Any]:
    """The message as JSON-serialisable data; everything a recipient would see is kept."""
    alternatives = [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {k: str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": alternatives,
        "content_subtype": message.content_subtype,
        "attachments": [_attachment_to_data(attachment) for attachment in message.attachments],
    }


def data_to_message(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    # .get(): messages queued before these keys existed have neither.
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data.get("attachments", []):
        _attach_data(message, attachment)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from plein.mailer.actions import queue_messages

        with transaction.atomic():
            count = queue_messages(email_messages)
        if count:
            send_after_commit_without_worker()
        return count


def send_after_commit_without_worker() -> None:
    """Without a worker (tasks run in-process) nobody else sends the outbox: send it after the commit."""
    from plein.core.taskqueue import uses_database_queue

    if not uses_database_queue():
        transaction.on_commit(_send_due_quietly)


def _send_due_quietly() -> None:
    from plein.mailer.sending import send_due

    try:
        send_due()
    except Exception:  # the page that sent the mail has committed; the rows wait for a retry
        log.exception("Sending the outbox after commit failed; the messages stay queued")
