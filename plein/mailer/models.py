"""The outbox: one row per message handed to Django's mail API, until the mail server accepted it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    # The whole message as JSON (plein.core.mail.message_to_data): everything a recipient would see.
    message = models.JSONField()
    recipients = models.CharField(max_length=1000, blank=True, default="")
    subject = models.CharField(max_length=255, blank=True, default="")
    # Given by the caller (the X-Plein-Idempotency-Key header): the same logical mail is queued once.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="mailer_outbox_due"),
            models.Index(fields=["status", "sent_at"], name="mailer_outbox_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"

    @classmethod
    def from_data(cls, data: dict[str, Any], *, key: str | None) -> OutboxMessage:
        everyone = [*data["to"], *data["cc"], *data["bcc"]]
        return cls(
            message=data,
            recipients=", ".join(everyone)[:1000],
            subject=data["subject"][:255],
            idempotency_key=key or None,
        )
