"""Publishing news and pages the way Wagtail does: add to the tree, save a revision, publish it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from plein.news.models import NewsIndexPage, NewsItem, ProcessIndexPage, ProcessPage
from tests.factories import UserFactory

_counter = iter(range(1, 1_000_000))


def _audience(page: Any, *, everyone: bool, departments: Any, locations: Any, spaces: Any) -> None:
    page.audience_everyone = everyone
    page.audience_departments = list(departments)
    page.audience_locations = list(locations)
    page.audience_spaces = list(spaces)


def news_item(
    *,
    title: str = "",
    editor: Any = None,
    everyone: bool = True,
    departments: Any = (),
    locations: Any = (),
    spaces: Any = (),
    publish: bool = True,
    published_at: datetime.datetime | None = None,
    **fields: Any,
) -> NewsItem:
    number = next(_counter)
    index = NewsIndexPage.objects.get()
    item = NewsItem(
        title=title or f"Nieuwsbericht {number}",
        slug=f"nieuws-{number}",
        lead=fields.pop("lead", "Een korte inleiding."),
        body=fields.pop("body", "<p>De tekst van het bericht.</p>"),
        owner=editor,
        live=False,
        **fields,
    )
    _audience(item, everyone=everyone, departments=departments, locations=locations, spaces=spaces)
    index.add_child(instance=item)
    revision = item.save_revision(user=editor)
    if publish:
        revision.publish()
        item.refresh_from_db()
        if published_at is not None:
            NewsItem.objects.filter(pk=item.pk).update(first_published_at=published_at)
            item.refresh_from_db()
    return item


def process_page(
    *,
    title: str = "",
    parent: Any = None,
    owner: Any = None,
    everyone: bool = True,
    departments: Any = (),
    locations: Any = (),
    spaces: Any = (),
    review_date: datetime.date | None = None,
    **fields: Any,
) -> ProcessPage:
    number = next(_counter)
    page = ProcessPage(
        title=title or f"Werkproces {number}",
        slug=f"werkproces-{number}",
        body=fields.pop("body", "<h2>Doel</h2><p>Waarom.</p><h2>Stappen</h2><p>Hoe.</p>"),
        page_owner=owner or UserFactory(),
        review_date=review_date or timezone.localdate() + datetime.timedelta(days=180),
        **fields,
    )
    _audience(page, everyone=everyone, departments=departments, locations=locations, spaces=spaces)
    (parent or ProcessIndexPage.objects.get()).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
