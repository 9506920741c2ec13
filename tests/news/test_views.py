"""The news overview and news pages, for readers; fixed query counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from plein.news.models import NewsCategory
from tests.news.factories import news_item


def test_overview_filters_by_category_and_month(org: Any, client: Any) -> None:
    beleid = NewsCategory.objects.create(name="Beleid", slug="beleid")
    news_item(title="Nieuw beleid", category=beleid)
    news_item(title="Oud nieuws", published_at=timezone.make_aware(datetime(2026, 3, 10, 9)))
    client.force_login(org.in_team)
    everything = client.get(reverse("news:overview")).content.decode()
    assert "Nieuw beleid" in everything and "Oud nieuws" in everything and "March 2026" in everything
    by_category = client.get(reverse("news:overview"), {"categorie": "beleid"}).content.decode()
    assert "Nieuw beleid" in by_category and "Oud nieuws" not in by_category
    by_month = client.get(reverse("news:overview"), {"maand": "2026-03"}).content.decode()
    assert "Oud nieuws" in by_month and "Nieuw beleid" not in by_month
    assert client.get(reverse("news:overview"), {"maand": "kapot"}).status_code == 200


def test_a_news_item_outside_ones_audience_is_not_found(org: Any, client: Any) -> None:
    item = news_item(title="Alleen Jeugd", everyone=False, departments=[org.team])
    client.force_login(org.in_other)
    assert client.get(item.reader_url).status_code == 404
    client.force_login(org.guest)
    assert client.get(item.reader_url).status_code == 404
    client.force_login(org.in_team)
    page = client.get(item.reader_url).content.decode()
    assert "Alleen Jeugd" in page and "For editors" not in page


def test_editors_see_the_audience_and_an_edit_link(org: Any, client: Any) -> None:
    item = news_item(title="Jeugd", everyone=False, departments=[org.team], spaces=[org.space])
    client.force_login(org.editor)
    page = client.get(item.reader_url).content.decode()
    assert "For editors" in page and "Team Jeugd" in page and "Project Jeugdzorg" in page
    assert reverse("wagtailadmin_pages:edit", args=[item.pk]) in page


def test_guests_see_news_for_their_space(org: Any, client: Any) -> None:
    item = news_item(title="Voor het project", everyone=False, spaces=[org.space])
    news_item(title="Voor iedereen")
    client.force_login(org.guest)
    overview = client.get(reverse("news:overview")).content.decode()
    assert "Voor het project" in overview and "Voor iedereen" not in overview
    assert client.get(item.reader_url).status_code == 200


def test_pages_run_a_fixed_number_of_queries(org: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    category = NewsCategory.objects.create(name="Organisatie", slug="organisatie")
    client.force_login(org.in_team)
    item = news_item(title="Eerste", category=category, must_read=True)
    client.get(item.reader_url)  # the first visit records "opened"
    client.get(reverse("home"))  # the first visit of the day writes the feed state
    for size in (3, 15):
        while len(category.items.all()) < size:
            news_item(category=category, everyone=False, departments=[org.social], must_read=False)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("news:overview")).status_code == 200
        with django_assert_max_num_queries(16):
            assert client.get(item.reader_url).status_code == 200
        with django_assert_max_num_queries(13):
            assert client.get(reverse("home")).status_code == 200
