from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a person should know about, made by a consumer of the event spine.

    Notifications about one *subject* (``"post:12"``) of one kind roll up: while a person has
    not read it, a new event updates the row (``actor_ids``, ``count``, ``updated_at``) instead
    of adding one; once read, the next event starts a new row. ``event_ids`` remembers which
    events are in it, so a re-delivered event is not counted twice. Rows without a subject
    (welcome, space requests) are one per event.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey("core.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=64)
    url = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=64, blank=True, default="", db_default="")
    # Newest first, distinct; the first one's name is in params["name"].
    actor_ids = models.JSONField(null=True, blank=True)
    event_ids = models.JSONField(null=True, blank=True)
    count = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_default=Now())
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-updated_at", "-id")
        constraints = [
            # One notification per event and person: re-delivery cannot duplicate it.
            models.UniqueConstraint(fields=["recipient", "event", "kind"], name="unique_notification_per_event"),
            # At most one unread notification per person, subject and kind: the roll-up.
            models.UniqueConstraint(
                fields=["recipient", "subject", "kind"],
                condition=Q(read_at__isnull=True) & ~Q(subject=""),
                name="one_unread_per_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-updated_at"], name="notification_recent"),
            models.Index(fields=["recipient", "subject"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def others(self) -> int:
        """How many people besides the named one did this."""
        return max(len(self.actor_ids or []) - 1, 0)


class Digest(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Never")


class NotificationSettings(models.Model):
    """A person's choices; no row means every default (see plein.notifications.kinds).

    ``channels`` holds only what differs from the defaults: {group: {channel: bool}}, so a
    better default reaches everyone who never changed it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="notification_settings"
    )
    channels = models.JSONField(default=dict, blank=True)
    digest = models.CharField(_("digest"), max_length=8, choices=Digest.choices, default=Digest.DAILY)
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    # Weekdays (0 = Monday) without e-mail or push.
    quiet_days = models.JSONField(default=list, blank=True)
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"notification settings of {self.user_id}"


class SpaceLevel(models.TextChoices):
    ALL = "all", _("Everything: every new post and comment")
    POSTS = "posts", _("New posts, and what concerns me")
    DEFAULT = "default", _("What concerns me")
    MENTIONS = "mentions", _("Only mentions of me or the space")
    MUTED = "muted", _("Nothing (muted)")


class SpaceNotificationLevel(models.Model):
    """How much a person hears from one space; no row means ``default``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("notifications"), max_length=8, choices=SpaceLevel.choices, default=SpaceLevel.DEFAULT)

    class Meta:
        verbose_name = _("space notification level")
        verbose_name_plural = _("space notification levels")
        constraints = [models.UniqueConstraint(fields=["user", "space"], name="one_level_per_space")]
        indexes = [models.Index(fields=["space", "level"], name="space_level")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} in {self.space_id}"
