from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboxReason(models.TextChoices):
    SPACE = "space", _("In one of your spaces")
    PERSON = "person", _("From someone you follow")
    TOPIC = "topic", _("About a topic you follow")
    MENTION = "mention", _("Mentions you")


class InboxEntry(models.Model):
    """A post pushed into one person's home feed (see docs/adr/0004-hybrid-home-feed.md).

    ``created_at`` copies the post's time so the feed is one index range scan.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("stream.Post", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=InboxReason.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_inbox_entry_per_post")]
        indexes = [models.Index(fields=["user", "-created_at"], name="inbox_newest")]

    def __str__(self) -> str:
        return f"post {self.post_id} for {self.user_id}"


class FeedState(models.Model):
    """Where a person is in their feed: when they were last here and what they marked read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="feed_state"
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The visit before the current one: "N new since your last visit" counts from here.
    previous_visit_at = models.DateTimeField(null=True, blank=True)
    read_before = models.DateTimeField(null=True, blank=True)  # "mark all as read"
    inbox_built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"feed state of {self.user_id}"


class PostRead(models.Model):
    """One person has read one post (opened it, or it scrolled past in the feed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("stream.Post", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_read_mark_per_post")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.post_id}"
