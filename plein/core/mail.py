"""Outgoing mail goes through the task queue.

``QueuedEmailBackend`` turns each message into plain data and enqueues
:func:`plein.core.tasks.send_email`; the worker delivers it with
``PLEIN_EMAIL_DELIVERY_BACKEND`` (SMTP in production) and retries with
back-off when the mail server is unavailable. Pages never wait for SMTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def message_to_data(message: EmailMessage) -> dict[str, Any]:
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
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from plein.core.tasks import send_email

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            data = message_to_data(message)
            # Enqueue after commit so a rolled-back action sends nothing.
            transaction.on_commit(lambda data=data: send_email.enqueue(data, 1))
            count += 1
        return count
