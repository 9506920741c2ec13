"""Official news in the home feed: interleaved with posts by time, for its audience only, new until opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.feed import selectors
from plein.feed.models import FeedState, InboxEntry, InboxReason
from plein.feed.selectors import NEWS, FeedFilter
from plein.news.actions import record_opened
from tests.factories import DepartmentFactory
from tests.news.factories import news_item
from tests.stream.factories import PostFactory, cast, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


def entries(page):  # type: ignore[no-untyped-def]
    return [("news", item.news.pk) if item.news else ("post", item.post.pk) for item in page.items]


def test_news_for_the_viewer_sits_between_posts_by_publication_time():
    world = cast()
    now = timezone.now()
    older = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(hours=3))
    newer = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(hours=1))
    for post in (older, newer):
        InboxEntry.objects.create(user=world.owner, post=post, reason=InboxReason.SPACE, created_at=post.created_at)
    everyone = news_item(title="Nieuwe werkplekken", published_at=now - timedelta(hours=2))
    elsewhere = news_item(title="Alleen voor Financiën", everyone=False, departments=[DepartmentFactory()])

    page = selectors.home_feed(fresh(world.owner))

    assert entries(page) == [("post", newer.pk), ("news", everyone.pk), ("post", older.pk)]
    assert elsewhere.pk not in [item.news.pk for item in page.items if item.news]
    assert page.items[1].reason == NEWS


def test_news_is_only_in_the_whole_feed_not_in_the_filters():
    world = cast()
    news_item()
    viewer = fresh(world.owner)
    assert [item for item in selectors.home_feed(viewer).items if item.news]
    for feed_filter in (FeedFilter.SPACES, FeedFilter.PEOPLE, FeedFilter.TOPICS):
        assert not [item for item in selectors.home_feed(viewer, feed_filter=feed_filter).items if item.news]


def test_news_is_new_after_the_previous_visit_until_opened():
    world = cast()
    now = timezone.now()
    FeedState.objects.create(user=world.owner, last_seen_at=now, previous_visit_at=now - timedelta(days=1))
    before_visit = news_item(published_at=now - timedelta(days=2))
    since_visit = news_item(must_read=True, published_at=now - timedelta(hours=1))

    def unread() -> dict[int, bool]:
        page = selectors.home_feed(fresh(world.owner))
        return {item.news.pk: item.unread for item in page.items if item.news}

    assert unread() == {since_visit.pk: True, before_visit.pk: False}
    record_opened(user=world.owner, item=since_visit)
    assert unread() == {since_visit.pk: False, before_visit.pk: False}


def test_catch_up_lists_news_with_the_announcements_after_mentions():
    world = cast()
    now = timezone.now()
    FeedState.objects.create(user=world.owner, last_seen_at=now, previous_visit_at=now - timedelta(days=1))
    plain = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=10))
    mention = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(hours=3))
    InboxEntry.objects.create(user=world.owner, post=plain, reason=InboxReason.SPACE, created_at=plain.created_at)
    InboxEntry.objects.create(user=world.owner, post=mention, reason=InboxReason.MENTION, created_at=mention.created_at)
    item = news_item(published_at=now - timedelta(hours=2))

    found = selectors.catch_up(fresh(world.owner))

    assert [("news", i.news.pk) if i.news else ("post", i.post.pk) for i in found] == [
        ("post", mention.pk),
        ("news", item.pk),
        ("post", plain.pk),
    ]


def test_the_home_page_shows_the_news_item_in_the_feed(client):
    world = cast()
    item = news_item(title="Nieuwe werkplekken op het stadhuis", lead="Vanaf maart werken we flexibel.")
    client.force_login(world.owner)

    page = client.get("/").content.decode()

    feed = page[page.index('id="feed-list"') :]
    assert "News from the organisation" in feed
    assert "Nieuwe werkplekken op het stadhuis" in feed and item.reader_url in feed
    assert "Vanaf maart werken we flexibel." in feed
