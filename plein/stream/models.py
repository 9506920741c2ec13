from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_POST_LENGTH = 10_000
MAX_COMMENT_LENGTH = 5_000


class Topic(models.Model):
    """A #topic; ``slug`` is the folded name, so #Duurzaamheid and #duurzaamheid are one topic."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ("slug",)

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("stream:topic", args=[self.slug])


class Post(models.Model):
    """A message in a space, or on its author's own profile stream (``space`` empty).

    ``body`` is what the author typed (light Markdown); ``body_html`` is the
    sanitised rendering shown to readers. Deleting is soft, so moderators can
    restore; counters are kept by the actions so lists never aggregate.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="posts")
    body = models.TextField(_("message"), max_length=MAX_POST_LENGTH)
    body_html = models.TextField(editable=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_posts")
    is_announcement = models.BooleanField(_("announcement"), default=False)
    pinned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    # The composer's one-time token: a double-clicked "Post" button creates one post.
    client_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["space", "-created_at"], name="post_space_stream"),
            models.Index(fields=["author", "-created_at"], name="post_author_stream"),
            models.Index(fields=["-created_at"], name="post_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], condition=~Q(client_token=""), name="one_post_per_client_token"
            )
        ]

    def __str__(self) -> str:
        return f"post {self.pk} by {self.author_id}"

    def get_absolute_url(self) -> str:
        return reverse("stream:post", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def images(self) -> list[Attachment]:
        """The post's images in order (uses the prefetched attachments when there are)."""
        return [a for a in self.attachments.all() if a.kind == AttachmentKind.IMAGE]

    @property
    def files(self) -> list[Attachment]:
        return [a for a in self.attachments.all() if a.kind == AttachmentKind.FILE]


class PostRevision(models.Model):
    """An earlier text of an edited post, with the names of its attachments at the time, for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class Comment(models.Model):
    """A comment on a post; a reply has a ``parent`` (one level deep: replies to replies join the parent)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH)
    body_html = models.TextField(editable=False)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_comments")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reaction_count = models.PositiveIntegerField(default=0)
    client_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["post", "created_at"], name="comment_thread")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], condition=~Q(client_token=""), name="one_comment_per_client_token"
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.post_id}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    FILE = "file", _("File")


MAX_IMAGES = 10
MAX_FILES = 10
MAX_ALT_TEXT_LENGTH = 250


class Attachment(models.Model):
    """An image or file of a post. Images are stored without metadata (see plein.stream.images),
    with a ``preview`` of at most 1600 pixels whose ``width`` and ``height`` the page uses."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=5, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="posts/%Y/%m/", max_length=200)
    preview = models.ImageField(
        _("preview"), upload_to="posts/%Y/%m/", max_length=200, blank=True, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.CharField(_("description of the image"), max_length=MAX_ALT_TEXT_LENGTH, blank=True)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("post", "kind", "position", "id")

    def __str__(self) -> str:
        return f"{self.kind} {self.name} of post {self.post_id}"

    @property
    def type_label(self) -> str:
        """What people call the file's type: its extension in capitals ("PDF", "DOCX")."""
        return self.name.rsplit(".", 1)[-1].upper() if "." in self.name else self.content_type


class Reaction(models.TextChoices):
    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    CELEBRATE = "celebrate", _("Celebrate")
    INSIGHTFUL = "insightful", _("Insightful")
    CURIOUS = "curious", _("Curious")
