"""Must-reads: pinned until confirmed, statistics for editors, reminders once, the attention budget."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from plein.core.dispatch import deliver_pending
from plein.news import actions, selectors
from plein.news.budget import people_over_budget
from plein.news.models import MustReadReminder, ReadConfirmation
from plein.notifications.models import Notification
from tests.news.factories import news_item


def test_a_must_read_stays_pending_until_confirmed(org: Any, client: Any) -> None:
    item = news_item(title="Nieuwe werktijden", must_read=True, everyone=False, departments=[org.social])
    assert list(selectors.pending_must_reads(org.in_team)) == [item]
    assert list(selectors.pending_must_reads(org.in_other)) == []

    client.force_login(org.in_team)
    home = client.get(reverse("home"))
    assert "Nieuwe werktijden" in home.content.decode()
    page = client.get(item.reader_url)
    assert "Read and understood" in page.content.decode()
    opened = ReadConfirmation.objects.get(news_item=item, user=org.in_team)
    assert opened.confirmed_at is None and opened.department == org.team

    response = client.post(reverse("news:confirm", args=[item.slug]))
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.confirmed_at is not None
    assert list(selectors.pending_must_reads(org.in_team)) == []
    home = client.get(reverse("home")).content.decode()
    assert "plein-must-reads" not in home  # no longer pinned; it stays in the feed as ordinary news
    assert "Nieuwe werktijden" in home[home.index('id="feed-list"') :]
    # Pressing again changes nothing.
    first = opened.confirmed_at
    client.post(reverse("news:confirm", args=[item.slug]))
    opened.refresh_from_db()
    assert opened.confirmed_at == first


def test_only_the_audience_confirms(org: Any) -> None:
    item = news_item(must_read=True, everyone=False, departments=[org.social])
    with pytest.raises(PermissionDenied):
        actions.confirm_read(user=org.in_other, item=item)
    plain = news_item()
    with pytest.raises(PermissionDenied):
        actions.confirm_read(user=org.in_team, item=plain)


def test_publishing_a_must_read_tells_its_audience_once(org: Any) -> None:
    item = news_item(title="Verplicht", must_read=True, everyone=False, departments=[org.social], spaces=[org.space])
    deliver_pending()
    told = set(Notification.objects.filter(kind="news_must_read").values_list("recipient_id", flat=True))
    assert told == {org.in_team.pk, org.guest.pk}
    item.save_revision().publish()  # published again: nobody is told twice
    deliver_pending()
    assert Notification.objects.filter(kind="news_must_read").count() == 2


def test_statistics_per_unit_and_the_csv_of_who_has_not_confirmed(org: Any, client: Any) -> None:
    item = news_item(title="Privacy", must_read=True, everyone=True)
    actions.record_opened(user=org.in_other, item=item)
    actions.confirm_read(user=org.in_team, item=item)
    stats = selectors.statistics(item, depth=2)
    assert stats.audience == 4  # four employees; the guest is not in "everyone"
    assert (stats.opened, stats.confirmed) == (2, 1)
    by_unit = {unit.name: unit for unit in stats.units}
    assert by_unit["Sociaal Domein"].confirmed == 1 and by_unit["Sociaal Domein"].after_days == [1, 1, 1]
    assert by_unit["Fysiek Domein"].audience == 3 and by_unit["Fysiek Domein"].confirmed == 0

    client.force_login(org.in_team)
    assert client.get(reverse("news:statistics", args=[item.slug])).status_code == 404
    client.force_login(org.editor)
    page = client.get(reverse("news:statistics", args=[item.slug]))
    assert page.status_code == 200 and "Sociaal Domein" in page.content.decode()
    response = client.get(reverse("news:unconfirmed_csv", args=[item.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    emails = {row[1] for row in rows[1:]}
    assert emails == {org.in_other.email, org.editor.email, org.chief.email}


def test_reminders_go_once_to_those_who_have_not_confirmed_after_n_days(org: Any) -> None:
    item = news_item(must_read=True, everyone=False, departments=[org.social], spaces=[org.space])
    actions.confirm_read(user=org.guest, item=item)
    assert actions.send_must_read_reminders() == 0  # too early
    later = timezone.now() + timedelta(days=4)
    assert actions.send_must_read_reminders(now=later) == 1
    assert list(MustReadReminder.objects.values_list("user_id", flat=True)) == [org.in_team.pk]
    assert Notification.objects.filter(kind="news_must_read_reminder", recipient=org.in_team).count() == 1
    assert actions.send_must_read_reminders(now=later) == 0


def test_the_attention_budget_counts_must_reads_in_the_same_week(org: Any) -> None:
    for _ in range(3):
        news_item(must_read=True, everyone=False, departments=[org.social])
    over, budget = people_over_budget(
        exclude_pk=None, publish_at=timezone.now(), everyone=True, departments=[], locations=[], spaces=[]
    )
    assert (over, budget) == (1, 3)  # only the person in Sociaal Domein already has three
    next_week = timezone.now() + timedelta(days=7)
    assert people_over_budget(
        exclude_pk=None, publish_at=next_week, everyone=True, departments=[], locations=[], spaces=[]
    ) == (0, 3)


def test_the_must_read_filter_of_the_home_feed_lists_unconfirmed_must_reads(org: Any, client: Any) -> None:
    item = news_item(title="Nieuwe gedragscode", must_read=True)
    news_item(title="Gewoon nieuws")
    client.force_login(org.in_team)
    html = client.get(reverse("home"), {"filter": "verplicht"}).content.decode()
    assert "Nieuwe gedragscode" in html.split('id="feed-list"', 1)[1]
    assert "Gewoon nieuws" not in html
    actions.confirm_read(user=org.in_team, item=item)
    html = client.get(reverse("home"), {"filter": "verplicht"}).content.decode()
    assert "Nothing you must read." in html
