"""The home feed's pages: filters, load more, read marks, mark all read, catch-up, the live count, guests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.feed.models import FeedState, InboxEntry, InboxReason, PostRead
from plein.feed.selectors import PAGE_SIZE
from plein.spaces.models import SpaceVisibility
from plein.stream import actions as stream_actions
from tests.stream.factories import CommentFactory, PostFactory, cast

pytestmark = pytest.mark.django_db


def push(user, post, reason=InboxReason.SPACE) -> None:  # type: ignore[no-untyped-def]
    InboxEntry.objects.create(user=user, post=post, reason=reason, created_at=post.created_at)


def posts_for(user, space, count, **extra):  # type: ignore[no-untyped-def]
    now = timezone.now()
    made = [
        PostFactory(space=space, author=extra.get("author"), created_at=now - timedelta(minutes=n + 1))
        for n in range(count)
    ]
    for post in made:
        push(user, post)
    return made


@pytest.fixture
def owner_client(client, world):  # type: ignore[no-untyped-def]
    client.force_login(world.owner)
    return client


def test_home_shows_the_feed_with_reason_unread_marker_and_filters(owner_client, world):
    post = stream_actions.create_post(author=world.member, space=world.space, body="Wie gaat er mee lunchen?")
    push(world.owner, post)
    html = owner_client.get("/").content.decode()
    assert "Wie gaat er mee lunchen?" in html
    assert f'data-feed-post="{post.pk}"' in html
    assert f"In {world.space.name}" in html or f"In {world.space.name}" in html
    assert "Ongelezen" in html
    for value in ("verplicht", "ruimtes", "mensen", "onderwerpen"):
        assert f'href="/?filter={value}"' in html
    assert 'aria-current="page">' in html


def test_must_read_has_an_honest_empty_state(owner_client, world):
    push(world.owner, PostFactory(space=world.space, author=world.member))
    html = owner_client.get("/?filter=verplicht").content.decode()
    assert "Niets dat je verplicht moet lezen." in html
    assert "data-feed-post" not in html


def test_load_more_is_a_link_and_an_htmx_partial(owner_client, world):
    made = posts_for(world.owner, world.space, PAGE_SIZE + 3, author=world.member)
    html = owner_client.get("/").content.decode()
    assert f'data-feed-post="{made[PAGE_SIZE - 1].pk}"' in html
    assert f'data-feed-post="{made[PAGE_SIZE].pk}"' not in html
    assert 'hx-get="/feed/?filter=alles&amp;before=' in html
    query = html.split('hx-get="/feed/?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    partial = owner_client.get(f"/feed/?{query}", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert [f'data-feed-post="{post.pk}"' in partial for post in made[PAGE_SIZE:]] == [True] * 3
    assert 'id="feed-more"' in partial and "hx-get" not in partial
    # Without JS the same cursor works on the home page; the htmx endpoint sends a browser there.
    assert f'data-feed-post="{made[-1].pk}"' in owner_client.get(f"/?{query}").content.decode()
    assert owner_client.get(f"/feed/?{query}").status_code == 302


def test_first_page_partial_for_the_live_banner(owner_client, world):
    post = PostFactory(space=world.space, author=world.member)
    push(world.owner, post)
    partial = owner_client.get("/feed/", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="feed-list"')
    assert f'data-feed-post="{post.pk}"' in partial


def test_mark_all_read(owner_client, world):
    push(world.owner, PostFactory(space=world.space, author=world.member))
    response = owner_client.post("/feed/alles-gelezen/")
    assert response.status_code == 302
    assert FeedState.objects.get(user=world.owner).read_before is not None
    assert "data-unread" not in owner_client.get("/").content.decode()


def test_read_beacon_marks_only_posts_the_user_may_see(owner_client, world):
    closed = cast(visibility=SpaceVisibility.CLOSED)
    hidden = PostFactory(space=closed.space, author=closed.owner)
    seen = PostFactory(space=world.space, author=world.member)
    response = owner_client.post("/feed/gelezen/", {"post": [str(hidden.pk), str(seen.pk), "x"]})
    assert response.status_code == 204
    assert list(PostRead.objects.values_list("post_id", flat=True)) == [seen.pk]
    assert owner_client.get("/feed/gelezen/").status_code == 405


def test_new_posts_count_endpoint(owner_client, world):
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    PostFactory(space=world.space, author=world.member)
    PostFactory(space=world.space, author=world.owner)
    data = owner_client.get("/feed/nieuw/", {"since": since}).json()
    assert data["count"] == 1
    assert "1" in data["label"]
    assert owner_client.get("/feed/nieuw/", {"since": "gisteren"}).json()["count"] == 0


def test_catch_up_page_and_new_since_last_visit_link(owner_client, world):
    now = timezone.now()
    FeedState.objects.create(user=world.owner, last_seen_at=now - timedelta(hours=2), inbox_built_at=now)
    post = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(minutes=5))
    push(world.owner, post, InboxReason.MENTION)
    html = owner_client.get("/").content.decode()
    assert 'href="/feed/bijpraten/"' in html
    assert "1 nieuw bericht sinds je vorige bezoek." in html
    page = owner_client.get("/feed/bijpraten/").content.decode()
    assert "<h1" in page and f'data-feed-post="{post.pk}"' in page
    assert "Mentions you" in page or "Noemt jou" in page


def test_guests_see_only_posts_from_their_spaces(client, world):
    other = cast()
    theirs = PostFactory(space=world.space, author=world.member)
    elsewhere = PostFactory(space=other.space, author=other.member)
    profile = PostFactory(author=world.member)
    for post in (theirs, elsewhere, profile):
        push(world.guest, post, InboxReason.PERSON)
    client.force_login(world.guest)
    html = client.get("/").content.decode()
    assert f'data-feed-post="{theirs.pk}"' in html
    assert f'data-feed-post="{elsewhere.pk}"' not in html
    assert f'data-feed-post="{profile.pk}"' not in html


def home_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


# The home page without the feed: shell 4, my spaces, suggested spaces, new colleagues (tests/home),
# the viewer's unconfirmed must-reads (plein.news).
HOME_WITHOUT_FEED = 8
# The feed's own: inbox scan, large-space scan, official news, the posts (read marks folded in), their topics,
# their attachments. The feed state comes from the cache (plein/feed/state.py).
FEED_QUERIES = 6
# The post component's, as on every stream page: latest comments, reactions (two), saved, the viewer's roles.
CARD_QUERIES = 5


def test_the_feed_page_runs_a_fixed_number_of_queries(owner_client, world, django_assert_max_num_queries):
    owner_client.get("/")  # the first visit writes the feed state and rebuilds the inbox
    posts_for(world.owner, world.space, 5, author=world.member)
    for post in InboxEntry.objects.values_list("post", flat=True):
        CommentFactory(post_id=post, author=world.member)
    home_queries(owner_client)  # loads the content types once per process
    few = home_queries(owner_client)
    made = posts_for(world.owner, world.space, 35, author=world.moderator)
    for post in made:
        CommentFactory(post=post, author=world.member)
        stream_actions.react(user=world.member, target=post, value="like")
    with django_assert_max_num_queries(HOME_WITHOUT_FEED + FEED_QUERIES + CARD_QUERIES):
        many = home_queries(owner_client)
    assert few == many
