"""Wagtail publishes pages itself (editor, workflow approval, the scheduler); its
``page_published`` / ``page_unpublished`` signals are where those publications
enter Plein's event spine. The receivers only record an event; the consumer
below does the work in the worker (must-read notices), and other apps (search,
the home feed's live banner) listen to the same events.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from plein.core.events import AUDIENCE_ORG, record_event, register_consumer
from plein.core.models import Event
from plein.news import actions
from plein.news.models import NewsItem, ProcessPage
from plein.search import indexing

EDITORIAL = (NewsItem, ProcessPage)
_quiet: ContextVar[bool] = ContextVar("plein_news_quiet", default=False)


@contextmanager
def quiet_publication() -> Iterator[None]:
    """Publish without recording events: for loading history (the demo), never for editors' work."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _published(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Wagtail sends the signal also when a revision is only scheduled; that is not a publication yet.
    if not isinstance(instance, EDITORIAL) or not instance.live or _quiet.get():
        return
    kind = "news.published" if isinstance(instance, NewsItem) else "page.published"
    with transaction.atomic():
        record_event(kind=kind, subject=instance, audience=[AUDIENCE_ORG], payload={"title": instance.title})


def _unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, EDITORIAL) or _quiet.get():
        return
    kind = "news.unpublished" if isinstance(instance, NewsItem) else "page.unpublished"
    with transaction.atomic():
        record_event(kind=kind, subject=instance, audience=[AUDIENCE_ORG])


SEARCH_KINDS = {
    "news.published": "news",
    "news.unpublished": "news",
    "page.published": "page",
    "page.unpublished": "page",
}


def handle(event: Event) -> None:
    if not event.subject_id.isdigit():
        return
    subject = int(event.subject_id)
    if event.kind in SEARCH_KINDS:
        indexing.index(SEARCH_KINDS[event.kind], [subject])  # the provider drops what is no longer published
    if event.kind == "news.published":
        actions.announce_published(item_id=subject)


def register() -> None:
    for model in EDITORIAL:
        page_published.connect(_published, sender=model, dispatch_uid=f"plein-news-published-{model.__name__}")
        page_unpublished.connect(_unpublished, sender=model, dispatch_uid=f"plein-news-unpublished-{model.__name__}")
    register_consumer("news", handle, kinds=list(SEARCH_KINDS))
