"""The notification list, its filters and budgets, the bell, and the preferences page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from plein.notifications.models import Notification, NotificationSettings, SpaceLevel, SpaceNotificationLevel
from plein.notifications.selectors import unread_count
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member

pytestmark = pytest.mark.django_db


def make(user, kind: str, number: int = 1, *, read: bool = False, **params: str) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                url="/",
                params={"name": "Anna de Jong", "title": "Nieuwe werkplekken", "space": "Team", **params},
                subject=f"post:{n}",
                read_at=timezone.now() if read else None,
            )
            for n in range(number)
        ]
    )


@pytest.fixture
def person(client):  # type: ignore[no-untyped-def]
    user = UserFactory(language="en")
    client.force_login(user)
    return user


def test_the_list_filters_by_kind_and_by_unread(client, person):
    make(person, "mention")
    make(person, "post_reaction", read=True)
    make(person, "space_added")
    html = client.get("/meldingen/").content.decode()
    assert "Anna de Jong mentioned you" in html and "Anna de Jong reacted to your post" in html
    html = client.get("/meldingen/?filter=vermeldingen").content.decode()
    assert "mentioned you" in html and "reacted" not in html
    html = client.get("/meldingen/?filter=ongelezen").content.decode()
    assert "mentioned you" in html and "reacted" not in html and "added you" in html
    html = client.get("/meldingen/?filter=mijn-berichten").content.decode()
    assert "reacted" in html and "mentioned" not in html
    assert 'aria-current="page">My posts' in html
    assert client.get("/meldingen/?filter=onzin").status_code == 200  # an unknown filter shows all


def test_mark_one_and_all_read(client, person):
    make(person, "mention", 3)
    first = Notification.objects.filter(recipient=person).first()
    assert first is not None
    other = UserFactory()
    make(other, "mention")
    client.post(f"/meldingen/{first.pk}/gelezen/", {"filter": "ongelezen"})
    assert unread_count(person) == 2
    theirs = Notification.objects.get(recipient=other)
    client.post(f"/meldingen/{theirs.pk}/gelezen/")
    assert unread_count(other) == 1  # someone else's stays as it was
    response = client.post("/meldingen/gelezen/", {"filter": "vermeldingen"})
    assert response["Location"] == "/meldingen/?filter=vermeldingen"
    assert unread_count(person) == 0


def test_the_list_has_a_fixed_query_count(client, person, django_assert_max_num_queries):
    make(person, "mention", 3)
    client.get("/meldingen/")
    with django_assert_max_num_queries(9) as few:
        client.get("/meldingen/")
    make(person, "post_reaction", 200)
    make(person, "page_review_due", 50, date="2026-12-24")
    with django_assert_max_num_queries(9) as many:
        client.get("/meldingen/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_bell_count_is_one_query(person, django_assert_num_queries):
    make(person, "mention", 30)
    make(person, "mention", 30, read=True)
    with django_assert_num_queries(1) as captured:
        assert unread_count(person) == 30
    sql = captured.captured_queries[0]["sql"]
    assert "read_at" in sql
    if connection.vendor == "sqlite":  # PostgreSQL picks a sequential scan for so few rows
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "notification_unread" in plan, plan


def test_texts_and_dates_in_the_readers_language(client, person):
    make(person, "page_review_due", date="2026-12-24")
    assert "before Dec. 24, 2026" in client.get("/meldingen/").content.decode()
    person.language = "nl"
    person.save(update_fields=["language"])
    html = client.get("/meldingen/").content.decode()
    assert "voor 24 december 2026" in html or "vóór 24 december 2026" in html


def test_preferences_page_saves_channels_quiet_times_pause_and_spaces(client, person):
    space = SpaceFactory(name="Wijkteam Noord")
    add_member(space, person)
    html = client.get("/meldingen/instellingen/").content.decode()
    assert "Wijkteam Noord" in html and "E-mail at once" in html
    client.post(
        "/meldingen/instellingen/",
        {"form": "channels", "digest": "weekly", "mentions__in_app": "on", "comments__in_app": "on"},
    )
    settings = NotificationSettings.objects.get(user=person)
    assert settings.digest == "weekly"
    assert settings.channels["mentions"] == {"email": False, "digest": False, "push": False}
    client.post("/meldingen/instellingen/", {"form": "quiet", "quiet_from": "21:00", "quiet_until": "07:30"})
    client.post("/meldingen/instellingen/", {"form": "pause", "days": "7"})
    client.post("/meldingen/instellingen/", {"form": "spaces", f"space_{space.pk}": SpaceLevel.MENTIONS})
    settings.refresh_from_db()
    assert settings.quiet_from.hour == 21 and settings.paused_until > timezone.now()
    assert SpaceNotificationLevel.objects.get(user=person, space=space).level == SpaceLevel.MENTIONS
    assert "paused until" in client.get("/meldingen/instellingen/").content.decode()


def test_bad_input_is_explained_and_kept(client, person):
    response = client.post("/meldingen/instellingen/", {"form": "quiet", "quiet_from": "21:00", "quiet_until": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Fill in both times" in html and '<option value="21:00" selected>' in html
    assert not NotificationSettings.objects.filter(user=person).exists()
