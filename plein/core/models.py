from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.core.colours import MIN_CONTRAST_WITH_WHITE, contrast_ratio


class Event(models.Model):
    """A domain event, written in the same transaction as the change it describes.

    ``audience`` is a list of tokens such as ``"user:12"`` or ``"org"`` saying
    who may learn of the event; consumers use it to route live updates and
    notifications. The outbox is append-only.
    """

    kind = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=64, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    audience = models.JSONField(default=list, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("id",)
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Delivered")
    FAILED = "failed", _("Gave up")


class EventDelivery(models.Model):
    """One event handed to one consumer. Created with the event, marked done by the worker."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    consumer = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "consumer"], name="unique_event_consumer")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.consumer} <- {self.event_id} ({self.status})"


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
hex_colour = RegexValidator(HEX_COLOUR, _("Enter a colour as # followed by six hexadecimal digits."))


DEFAULT_ATTACHMENT_TYPES = "pdf, docx, xlsx, pptx, odt, ods, txt, csv, jpg, jpeg, png, gif"


class SiteSettings(models.Model):
    """The organisation's branding and site-wide policies; a single row."""

    name = models.CharField(_("organisation name"), max_length=120)
    logo = models.ImageField(_("logo"), upload_to="branding/", blank=True)
    primary_colour = models.CharField(_("primary colour"), max_length=7, validators=[hex_colour])
    require_mfa_for_staff = models.BooleanField(
        _("require two-factor authentication for administrators and editors"), default=False
    )
    guest_invitations_enabled = models.BooleanField(_("space owners may invite external guests"), default=True)
    guest_allowed_domains = models.TextField(
        _("e-mail domains guests may be invited from"),
        blank=True,
        help_text=_("One domain per line, for example partnergemeente.nl. Empty: any domain."),
    )
    guest_access_days = models.PositiveIntegerField(
        _("default guest access (days)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    invitation_valid_days = models.PositiveIntegerField(
        _("invitation links stay valid (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    attachment_max_mb = models.PositiveIntegerField(
        _("largest image or file on a message (MB)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    attachment_types = models.CharField(
        _("file types that may be attached"),
        max_length=500,
        default=DEFAULT_ATTACHMENT_TYPES,
        help_text=_("Extensions, separated by commas. Web pages and scripts (html, svg, js) are never accepted."),
    )
    must_read_weekly_budget = models.PositiveIntegerField(
        _("must-reads per person per week"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Editors are told before publishing a must-read that would give people more than this."),
    )
    must_read_reminder_days = models.PositiveIntegerField(
        _("remind about an unconfirmed must-read after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def guest_domains(self) -> list[str]:
        return [line.strip().lower().lstrip("@") for line in self.guest_allowed_domains.splitlines() if line.strip()]

    @property
    def attachment_extensions(self) -> frozenset[str]:
        """The allowed extensions, lower case and without dots."""
        words = self.attachment_types.replace(",", " ").replace(";", " ").split()
        return frozenset(word.strip().lower().lstrip(".") for word in words if word.strip(". "))

    @property
    def attachment_max_bytes(self) -> int:
        return int(self.attachment_max_mb) * 1024 * 1024

    def clean(self) -> None:
        if self.primary_colour and HEX_COLOUR.match(self.primary_colour):
            ratio = contrast_ratio(self.primary_colour, "#ffffff")
            if ratio < MIN_CONTRAST_WITH_WHITE:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "White text on this colour has a contrast of %(ratio).1f:1; "
                            "at least 4.5:1 is needed for readability. Choose a darker colour."
                        )
                        % {"ratio": ratio}
                    }
                )


class InteractionKind(models.TextChoices):
    FOLLOW = "follow", _("Follow")
    MUTE = "mute", _("Mute")
    REACTION = "reaction", _("Reaction")
    BOOKMARK = "bookmark", _("Saved for later")


class Interaction(models.Model):
    """One person's relation to one object: following a colleague, a space or a topic.

    A single "user x object" table (instead of one table per relation) keeps
    follows, and later bookmarks and mutes, uniform and indexed the same way.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=24, choices=InteractionKind.choices)
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    # What kind of reaction ("thanks", "celebrate", ...); empty for the other kinds.
    value = models.CharField(max_length=24, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "target_type", "target_id"], name="one_interaction_per_kind"
            )
        ]
        indexes = [models.Index(fields=["kind", "target_type", "target_id"], name="interaction_target")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.target_type_id}:{self.target_id}"
