"""Query budgets of the benchmark's pages that have none elsewhere: the badge, news and the three writes.

The other pages the benchmark drives have theirs next to their code: the home feed
(tests/feed/test_views.py), space and post pages and the profile's posts
(tests/stream/test_views.py), profile, directory and site search
(tests/people/test_budgets.py). Each test here counts a page's queries with little
data and with much more, and asserts both that the count does not grow (an N+1
fails) and that it stays within its budget.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.core.models import Interaction, InteractionKind
from plein.feed.models import FeedState
from plein.notifications.models import Notification
from plein.stream import actions
from plein.stream.models import Post
from tests.factories import UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

# (page, budget): session, user, then the page's own.
BADGE = 3  # the unread count
NEWS = 10  # the page shell and what the news landing page lists
REACT = 16  # the post, who may see it, the reaction row, counter, event and its deliveries
COMMENT = 18
CREATE_POST = 20


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def count(client: Client, method: str, path: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(captured)


def notify(user, number: int) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.bulk_create(
        [Notification(recipient=user, kind="welcome", read_at=timezone.now() if n % 2 else None) for n in range(number)]
    )


def follow(followers, author) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType

    people = ContentType.objects.get_for_model(author)
    Interaction.objects.bulk_create(
        [
            Interaction(user=person, kind=InteractionKind.FOLLOW, target_type=people, target_id=author.pk)
            for person in followers
        ]
    )
    FeedState.objects.bulk_create([FeedState(user=person, last_seen_at=timezone.now()) for person in followers])


@pytest.fixture
def reader():  # type: ignore[no-untyped-def]
    return UserFactory()


def test_unread_badge(reader):
    client = client_for(reader)
    notify(reader, 3)
    count(client, "get", "/meldingen/teller/")  # warm the caches
    few = count(client, "get", "/meldingen/teller/")
    notify(reader, 300)
    many = count(client, "get", "/meldingen/teller/")
    assert few == many <= BADGE


def test_news_page(reader):
    client = client_for(reader)
    count(client, "get", "/nieuws/")
    few = count(client, "get", "/nieuws/")
    notify(reader, 100)
    PostFactory.create_batch(30, author=UserFactory())
    many = count(client, "get", "/nieuws/")
    assert few == many <= NEWS


def test_reacting_does_not_grow_with_reactions_or_followers(reader):
    author = UserFactory()
    space = SpaceFactory(owner=author)
    quiet, busy = PostFactory(author=author, space=space), PostFactory(author=author, space=space)
    add_member(space, reader)
    others = UserFactory.create_batch(30)
    for person in others:
        add_member(space, person)
        actions.react(user=person, target=busy, value="like")
    follow(others, author)
    client = client_for(reader)
    for post in (quiet, busy):  # the first reaction also follows the thread; count a changed one
        count(client, "post", f"/berichten/{post.pk}/reageren/", {"value": "like"})
    few = count(client, "post", f"/berichten/{quiet.pk}/reageren/", {"value": "thanks"})
    many = count(client, "post", f"/berichten/{busy.pk}/reageren/", {"value": "thanks"})
    assert few == many <= REACT


def test_commenting_does_not_grow_with_the_thread(reader):
    author = UserFactory()
    quiet, busy = PostFactory(author=author, space=None), PostFactory(author=author, space=None)
    commenters = UserFactory.create_batch(30)
    for person in commenters:
        CommentFactory(post=busy, author=person)
    client = client_for(reader)
    for post in (quiet, busy):  # the first comment also follows the thread; count a later one
        count(client, "post", f"/berichten/{post.pk}/opmerkingen/", {"body": "Eerste", "client_token": f"a{post.pk}"})
    few = count(client, "post", f"/berichten/{quiet.pk}/opmerkingen/", {"body": "Tweede", "client_token": "b1"})
    many = count(client, "post", f"/berichten/{busy.pk}/opmerkingen/", {"body": "Derde", "client_token": "b2"})
    assert few == many <= COMMENT


def test_posting_does_not_grow_with_followers_or_members(reader):
    small = SpaceFactory(owner=reader)
    large = SpaceFactory(owner=reader)
    people = UserFactory.create_batch(40)
    for person in people:
        add_member(large, person)
    client = client_for(reader)
    count(client, "post", "/berichten/nieuw/", {"ruimte": small.slug, "body": "Warm", "client_token": "w"})
    few = count(client, "post", "/berichten/nieuw/", {"ruimte": small.slug, "body": "Een", "client_token": "b1"})
    follow(people, reader)  # the fan-out to followers happens in the worker, not in the request
    many = count(client, "post", "/berichten/nieuw/", {"ruimte": large.slug, "body": "Twee", "client_token": "b2"})
    profile = count(client, "post", "/berichten/nieuw/", {"ruimte": "", "body": "Drie", "client_token": "b3"})
    assert few == many <= CREATE_POST
    assert profile <= CREATE_POST
    assert Post.objects.filter(author=reader).count() == 4
