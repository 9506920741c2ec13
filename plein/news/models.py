"""Editorial content, edited in Wagtail and read in Plein's own pages.

The page tree is: Wagtail's root > :class:`IntranetRoot` (the site root) >
:class:`NewsIndexPage` (``/nieuws/``) with :class:`NewsItem` pages, and
:class:`ProcessIndexPage` (``/werkprocessen/``) with nested :class:`ProcessPage`
pages. Who sees a news item or a page is its audience (:class:`Audience`,
decided in ``plein/news/audience.py``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from plein.news.forms import NewsItemForm, ProcessPageForm

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class Audience(models.Model):
    """Who a news item or page is for: everyone, or chosen departments (with their
    sub-departments), locations and spaces. External guests only ever see
    content targeted to one of their spaces."""

    audience_everyone = models.BooleanField(
        _("for all employees"),
        default=True,
        help_text=_("Turn off to choose departments, locations or spaces below."),
    )
    audience_departments = ParentalManyToManyField(
        "org.Department",
        blank=True,
        related_name="+",
        verbose_name=_("departments"),
        help_text=_("Includes their sub-departments and teams."),
    )
    audience_locations = ParentalManyToManyField(
        "org.Location", blank=True, related_name="+", verbose_name=_("locations")
    )
    audience_spaces = ParentalManyToManyField("spaces.Space", blank=True, related_name="+", verbose_name=_("spaces"))

    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience_everyone"),
                FieldPanel("audience_departments"),
                FieldPanel("audience_locations"),
                FieldPanel("audience_spaces"),
            ],
            heading=_("Audience"),
        )
    ]

    class Meta:
        abstract = True


class IntranetRoot(Page):
    """The site root: it holds the news and the work processes; Plein's home page is not a Wagtail page."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage", "news.ProcessIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("intranet")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.IntranetRoot"]
    subpage_types = ["news.NewsItem"]
    max_count = 1

    class Meta:
        verbose_name = _("news overview")


@register_snippet
class NewsCategory(models.Model):  # type: ignore[django-manager-missing]
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ("name",)

    def __str__(self) -> str:
        return str(self.name)


class NewsItem(Audience, Page):  # type: ignore[django-manager-missing]
    """An official news item. Its publication date is Wagtail's ``go_live_at`` /
    first publication, its optional expiry ``expire_at``."""

    lead = models.TextField(_("lead"), max_length=400, help_text=_("One or two sentences shown in lists."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    category = models.ForeignKey(
        NewsCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="items", verbose_name=_("category")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author shown"),
        help_text=_("Empty: the editor who created it."),
    )
    allow_comments = models.BooleanField(_("comments allowed"), default=True)
    allow_reactions = models.BooleanField(_("reactions allowed"), default=True)
    must_read = models.BooleanField(
        _("must read"),
        default=False,
        help_text=_("Stays at the top of the home page of everyone in the audience until they confirm it."),
    )
    must_read_deadline = models.DateField(_("confirm before"), null=True, blank=True)
    promoted_from = models.ForeignKey(
        "stream.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("author")]),
        FieldRowPanel([FieldPanel("allow_comments"), FieldPanel("allow_reactions")], heading=_("Discussion")),
        MultiFieldPanel(
            [FieldPanel("must_read"), FieldPanel("must_read_deadline"), FieldPanel("must_read_override")],
            heading=_("Must read"),
        ),
        *Audience.audience_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    base_form_class = NewsItemForm
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["must_read"], name="newsitem_must_read")]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def reader_url(self) -> str:
        return reverse("news:item", args=[self.slug])

    @property
    def published_at(self) -> datetime.datetime | None:
        return self.go_live_at or self.first_published_at

    @property
    def credited_author_id(self) -> int | None:
        return self.author_id or self.owner_id


class ProcessIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.IntranetRoot"]
    subpage_types = ["news.ProcessPage"]
    max_count = 1

    class Meta:
        verbose_name = _("work processes overview")


class ProcessPage(Audience, Page):  # type: ignore[django-manager-missing]
    """A work process or other standing information, with an owner who keeps it correct."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    page_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Keeps this page correct and receives readers' feedback."),
    )
    review_date = models.DateField(_("review before"), help_text=_("The owner is reminded two weeks before."))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        FieldRowPanel([FieldPanel("page_owner"), FieldPanel("review_date")], heading=_("Ownership")),
        *Audience.audience_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    base_form_class = ProcessPageForm
    parent_page_types = ["news.ProcessIndexPage", "news.ProcessPage"]
    subpage_types = ["news.ProcessPage"]

    class Meta:
        verbose_name = _("work process page")
        verbose_name_plural = _("work process pages")

    def __str__(self) -> str:
        return str(self.title)

    @property
    def reader_url(self) -> str:
        """``/werkprocessen/<path below the overview>/``; the tree shape is fixed by the parent page types."""
        below = self.url_path.strip("/").split("/")[2:]
        return reverse("news:process_page", args=["/".join(below)])

    def checked_on(self, review: PageReview | None) -> datetime.date | None:
        """When the content was last confirmed correct: by its owner, or by publishing it."""
        published = timezone.localdate(self.last_published_at) if self.last_published_at else None
        candidates = [d for d in (review.last_checked_on if review else None, published) if d]
        return max(candidates) if candidates else None


class PageReview(models.Model):
    """The owner's review state of a page, kept outside Wagtail's revisions so publishing
    an older draft cannot undo it."""

    page = models.OneToOneField(ProcessPage, on_delete=models.CASCADE, primary_key=True, related_name="review")
    last_checked_on = models.DateField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, help_text="The review date the owner was reminded of.")

    def __str__(self) -> str:
        return f"review of {self.page_id}"


class ProcessDocument(Orderable):
    page = ParentalKey(ProcessPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Empty: the document's own title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or str(self.document)


class Announcement(models.Model):
    """Marks that a news item's publication was announced (must-read notices sent): once, even
    when Wagtail publishes it again or two workers see the same event."""

    news_item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="+")
    announced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"announced {self.news_item_id}"


class ReadConfirmation(models.Model):
    """A person opened, and perhaps confirmed, a must-read news item.

    The department is the person's department when they first opened it, so the
    statistics per department stay as they were when people moved later.
    """

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_confirmations")
    department = models.ForeignKey("org.Department", null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["news_item", "user"], name="one_confirmation_per_person")]
        indexes = [models.Index(fields=["user", "confirmed_at"], name="confirmation_of_person")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.news_item_id}"


class MustReadReminder(models.Model):
    """A reminder sent to a person about a must-read they had not confirmed: at most one per item."""

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["news_item", "user"], name="one_reminder_per_person")]

    def __str__(self) -> str:
        return f"reminded {self.user_id} of {self.news_item_id}"


class PageFeedback(models.Model):
    """A reader's "Is this still correct?" message to a page's owner."""

    page = models.ForeignKey(ProcessPage, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"feedback on {self.page_id}"


MAX_NEWS_COMMENT_LENGTH = 5_000


class NewsDiscussion(models.Model):
    """The counters of a news item's comments and reactions, kept by the actions so no list
    aggregates. A table of its own (not fields on the page) so publishing an older revision
    cannot reset them."""

    news_item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, primary_key=True, related_name="discussion")
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"discussion of {self.news_item_id}"


class NewsComment(models.Model):
    """A reader's comment on a news item; a reply has a ``parent`` (one level deep: a reply to a
    reply joins its parent's thread). ``body`` is what was typed (light Markdown, mentions),
    ``body_html`` the sanitised rendering of plein.stream.text. Deleting is soft."""

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="reader_comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_comments")
    body = models.TextField(_("comment"), max_length=MAX_NEWS_COMMENT_LENGTH)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The form's one-time token: a double-clicked button makes one comment.
    client_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("comment on news")
        verbose_name_plural = _("comments on news")
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["news_item", "created_at"], name="news_comment_thread")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=~models.Q(client_token=""),
                name="one_news_comment_per_token",
            )
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on news {self.news_item_id}"

    def get_absolute_url(self) -> str:
        return f"{self.news_item.reader_url}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
