"""News items and work-process pages in site search: who finds them is their audience."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.utils.html import strip_tags

from plein.news.models import NewsItem, ProcessPage
from plein.news.selectors import published
from plein.search.access import audience_keys
from plein.search.registry import Document, register_provider

AUDIENCE = ("audience_departments", "audience_locations", "audience_spaces")


def _keys(item: Any) -> list[str]:
    """The audience as access keys. "Everyone" reaches all employees; chosen spaces still add their
    external guests (the rule of plein/news/audience.py), so their keys are kept too."""
    space_ids = [s.pk for s in item.audience_spaces.all()]
    if item.audience_everyone:
        return [*audience_keys(everyone=True), *audience_keys(space_ids=space_ids)]
    return audience_keys(
        department_ids=[d.pk for d in item.audience_departments.all()],
        location_ids=[loc.pk for loc in item.audience_locations.all()],
        space_ids=space_ids,
    )


def _text(*parts: str) -> str:
    return " ".join(" ".join(strip_tags(part).split()) for part in parts if part)


class EditorialProvider:
    """Published items of ``model``; ``text`` gives the summary and body to match, ``author`` who is shown."""

    def __init__(self, kind: str, model: Any, *, text: Callable[[Any], str], author: Callable[[Any], Any]) -> None:
        self.kind, self.model, self.text, self.author = kind, model, text, author

    def documents(self, ids: Sequence[int]) -> Iterable[Document]:
        for item in published(self.model).filter(pk__in=ids).prefetch_related(*AUDIENCE):
            yield Document(
                object_id=item.pk,
                title=item.title,
                body=self.text(item),
                url=item.reader_url,
                keys=_keys(item),
                created_at=item.first_published_at or item.latest_revision_created_at,
                updated_at=item.last_published_at,
                author_id=self.author(item),
                vocabulary=item.audience_everyone,
            )

    def all_ids(self) -> Iterator[int]:
        yield from published(self.model).values_list("pk", flat=True).iterator()


def register() -> None:
    register_provider(
        EditorialProvider(
            "news", NewsItem, text=lambda item: _text(item.lead, item.body), author=lambda item: item.credited_author_id
        )
    )
    register_provider(
        EditorialProvider(
            "page",
            ProcessPage,
            text=lambda page: _text(page.summary, page.body),
            author=lambda page: page.page_owner_id,
        )
    )
