"""The search index (one row per findable thing), editors' best bets and exclusions, and anonymous statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POST = "post", _("Posts")
    COMMENT = "comment", _("Comments")
    FILE = "file", _("Files")
    TOPIC = "topic", _("Topics")
    NEWS = "news", _("News")
    PAGE = "page", _("Pages")


class SearchDocument(models.Model):
    """What search knows of one post, comment, file, topic, news item or page.

    Filled only by :mod:`plein.search.indexing` from the providers in
    :mod:`plein.search.registry`. ``keys`` lists the access keys that may see
    it (see :mod:`plein.search.access`); a searcher finds the document when
    they hold one of them. ``title_terms``, ``body_terms`` and ``stem_terms``
    are the analysed words (:mod:`plein.search.analysis`) the engines match:
    an FTS5 table over them on SQLite, a generated ``tsvector`` on PostgreSQL
    (migrations 0002 and 0003). ``filter_terms`` states kind, space, author
    and keys as tokens for the FTS5 table (:mod:`plein.search.tokens`).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # No cascade: the index must forget rows through indexing.remove (the FTS5 index is kept by hand);
    # the consumer removes a deleted space's documents.
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    department_id = models.PositiveIntegerField(null=True, blank=True)
    location_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=8, default="nl")
    popularity = models.PositiveIntegerField(default=0)
    keys = models.JSONField(default=list)
    title_terms = models.TextField(blank=True, editable=False)
    body_terms = models.TextField(blank=True, editable=False)
    stem_terms = models.TextField(blank=True, editable=False)
    # Kind, space, author and keys as tokens for the SQLite full-text index (see plein.search.tokens).
    filter_terms = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_document_per_object")]
        indexes = [
            models.Index(fields=["-created_at"], name="search_doc_newest"),
            models.Index(fields=["space", "-created_at"], name="search_doc_space"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class BestBet(models.Model):
    """An editor's pick: for this query, show this document first (to those who may see it)."""

    query = models.CharField(_("query"), max_length=200, help_text=_("Stored folded: lower case, no accents."))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("best bet")
        verbose_name_plural = _("best bets")
        ordering = ("query", "position", "id")
        constraints = [models.UniqueConstraint(fields=["query", "kind", "object_id"], name="search_one_bet")]

    def __str__(self) -> str:
        return f"{self.query} → {self.kind} {self.object_id}"


class Exclusion(models.Model):
    """A document editors keep out of the results: for one query, or for every query when ``query`` is empty."""

    query = models.CharField(_("query"), max_length=200, blank=True, help_text=_("Empty: every query."))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [models.UniqueConstraint(fields=["query", "kind", "object_id"], name="search_one_exclusion")]

    def __str__(self) -> str:
        return f"{self.query or '*'} ✕ {self.kind} {self.object_id}"


class QueryStat(models.Model):
    """Per day and folded query: searches without any result and "did you find it?" answers. Nobody's identity."""

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=200)
    without_results = models.PositiveIntegerField(_("searches without results"), default=0)
    found_yes = models.PositiveIntegerField(_("answered yes"), default=0)
    found_no = models.PositiveIntegerField(_("answered no"), default=0)

    class Meta:
        verbose_name = _("search statistic")
        verbose_name_plural = _("search statistics")
        ordering = ("-day", "query")
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_one_stat_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


class Term(models.Model):
    """A word seen in content every employee may read: the vocabulary for "did you mean"."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.word
