"""News and work-process pages in site search: found by their audience only, kept fresh by publication events."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from plein.core.dispatch import deliver_pending
from plein.search.models import SearchDocument
from tests.news.factories import news_item, process_page


def _results(client: Any, user: Any, query: str) -> str:
    client.force_login(user)
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_published_news_and_pages_are_found_by_their_audience_only(org: Any, client: Any) -> None:
    item = news_item(title="Parkeervergunningen voor medewerkers", everyone=False, departments=[org.social])
    page = process_page(title="Parkeerplaats reserveren", everyone=False, spaces=[org.space])
    deliver_pending()  # the publication events index them
    assert set(SearchDocument.objects.values_list("kind", flat=True)) >= {"news", "page"}

    in_team = _results(client, org.in_team, "parkeervergunning")
    assert item.reader_url in in_team
    assert item.reader_url not in _results(client, org.in_other, "parkeervergunning")
    assert page.reader_url in _results(client, org.guest, "parkeerplaats")
    assert page.reader_url not in _results(client, org.in_other, "parkeerplaats")


def test_unpublished_news_leaves_the_index(org: Any, client: Any) -> None:
    item = news_item(title="Tijdelijke sluiting van de kantine")
    deliver_pending()
    assert item.reader_url in _results(client, org.in_team, "kantine")
    item.unpublish()
    deliver_pending()
    assert item.reader_url not in _results(client, org.in_team, "kantine")
    assert not SearchDocument.objects.filter(kind="news", object_id=item.pk).exists()
