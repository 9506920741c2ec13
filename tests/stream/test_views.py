"""The stream's pages: who sees what (404 / 403 / no form), every write, and the query budgets."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.core.models import Interaction, InteractionKind
from plein.spaces.models import SpaceRole, SpaceVisibility
from plein.stream import actions
from plein.stream.models import MAX_POST_LENGTH, Comment, Post
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def owner(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Olga", last_name="Eigenaar")


@pytest.fixture
def member(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Mira", last_name="Lid")


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    return UserFactory(first_name="Otto", last_name="Buiten")


@pytest.fixture
def space(owner, member):  # type: ignore[no-untyped-def]
    space = SpaceFactory(name="Wijkteam", owner=owner)
    add_member(space, member)
    return space


@pytest.fixture
def post(space, owner):  # type: ignore[no-untyped-def]
    return actions.create_post(author=owner, body="Welkom in het **wijkteam**! #wijk", space=space)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def create(client: Client, space, body: str, token: str = "") -> object:  # type: ignore[no-untyped-def]
    data = {"ruimte": space.slug, "body": body, "client_token": token}
    return client.post(reverse("stream:create"), data)


# --- who sees what -------------------------------------------------------------------------


def test_member_sees_the_stream_and_the_composer(space, post, member):  # type: ignore[no-untyped-def]
    response = client_for(member).get(space.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>wijkteam</strong>" in html
    assert 'id="composer-body"' in html
    assert 'aria-pressed="false"' in html


def test_open_space_outsider_reads_but_cannot_post_comment_or_react(space, post, outsider):  # type: ignore[no-untyped-def]
    client = client_for(outsider)
    html = client.get(space.get_absolute_url()).content.decode()
    assert "wijkteam</strong>" in html
    assert 'id="composer-body"' not in html
    assert "plein-react__choices" not in html and ">React<" not in html
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Welkom" in page
    assert 'name="body"' not in page
    assert client.post(reverse("stream:comment", args=[post.pk]), {"body": "Hoi"}).status_code == 403
    assert client.post(reverse("stream:react", args=[post.pk]), {"value": "like"}).status_code == 403
    assert create(client, space, "Hallo").status_code == 403


def test_guest_gets_404_outside_their_spaces(space, post):  # type: ignore[no-untyped-def]
    guest = GuestFactory()
    client = client_for(guest)
    assert client.get(post.get_absolute_url()).status_code == 404
    add_member(space, guest, role=SpaceRole.GUEST)
    assert client.get(post.get_absolute_url()).status_code == 200


def test_closed_space_post_is_404_for_outsiders(owner, outsider):  # type: ignore[no-untyped-def]
    closed = SpaceFactory(visibility=SpaceVisibility.CLOSED, owner=owner)
    post = PostFactory(author=owner, space=closed)
    assert client_for(outsider).get(post.get_absolute_url()).status_code == 404
    assert client_for(owner).get(post.get_absolute_url()).status_code == 200


# --- posting ---------------------------------------------------------------------------------


def test_create_post(space, member):  # type: ignore[no-untyped-def]
    response = create(client_for(member), space, "Koffie om **tien** uur? #pauze")
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == f"{space.get_absolute_url()}#post-{post.pk}"
    assert "<strong>tien</strong>" in post.body_html
    assert [t.slug for t in post.topics.all()] == ["pauze"]


def test_empty_post_shows_the_message_in_place(space, member):  # type: ignore[no-untyped-def]
    response = create(client_for(member), space, "   ")
    assert response.status_code == 200
    assert "Write something or add an image first." in response.content.decode()
    assert not Post.objects.exists()


def test_too_long_post_keeps_the_text(space, member):  # type: ignore[no-untyped-def]
    body = "a" * (MAX_POST_LENGTH + 1)
    html = create(client_for(member), space, body).content.decode()
    assert "the limit is" in html
    assert body in html
    assert 'aria-invalid="true"' in html
    assert not Post.objects.exists()


def test_mention_of_someone_out_of_reach_is_refused(space, member):  # type: ignore[no-untyped-def]
    stranger = GuestFactory(first_name="Verre", last_name="Gast")
    body = f"Hoi @[Verre Gast](user:{stranger.pk})"
    html = create(client_for(member), space, body).content.decode()
    assert "You mentioned someone you cannot reach here" in html
    assert f">{body}</textarea>" in html  # the text stays in the composer
    assert not Post.objects.exists()
    # The same when editing a post or writing a comment.
    post = actions.create_post(author=member, body="Eerst", space=space)
    html = client_for(member).post(reverse("stream:edit", args=[post.pk]), {"body": body}).content.decode()
    assert "You mentioned someone you cannot reach here" in html and f">{body}</textarea>" in html
    response = client_for(member).post(reverse("stream:comment", args=[post.pk]), {"body": body})
    html = response.content.decode()
    assert "You mentioned someone you cannot reach here" in html and f">{body}</textarea>" in html
    post.refresh_from_db()
    assert post.body == "Eerst" and post.comment_count == 0


def test_double_submit_makes_one_post(space, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    create(client, space, "Eén keer", token="abc123")
    create(client, space, "Eén keer", token="abc123")
    assert Post.objects.count() == 1


def test_preview_without_js_rerenders_with_the_preview(space, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    data = {"ruimte": space.slug, "body": "*schuin*", "preview": "1"}
    html = client.post(reverse("stream:create"), data).content.decode()
    assert "<em>schuin</em>" in html
    assert not Post.objects.exists()
    partial = client.post(reverse("stream:preview"), {"body": "**vet**"}, headers={"HX-Request": "true"})
    assert "<strong>vet</strong>" in partial.content.decode()


def test_mention_search(space, member, owner):  # type: ignore[no-untyped-def]
    results = client_for(member).get(reverse("stream:mention_search"), {"q": "Olg"}).json()["results"]
    assert {"label": "Olga Eigenaar", "insert": f"@[Olga Eigenaar](user:{owner.pk}) "} in results


def test_topic_search(post, member):  # type: ignore[no-untyped-def]
    results = client_for(member).get(reverse("stream:topic_search"), {"q": "wi"}).json()["results"]
    assert results == [{"label": "#wijk", "insert": "#wijk "}]


# --- comments and reactions -----------------------------------------------------------------


def test_comment_and_reply(post, member, owner):  # type: ignore[no-untyped-def]
    client = client_for(member)
    response = client.post(reverse("stream:comment", args=[post.pk]), {"body": "Mooi!", "client_token": "t1"})
    comment = Comment.objects.get()
    assert response.url == comment.get_absolute_url()
    client_for(owner).post(reverse("stream:comment", args=[post.pk]), {"body": "Dank je", "parent": comment.pk})
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent == comment
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Mooi!" in html and "Dank je" in html
    assert "Your reply" in html


def test_empty_comment_keeps_the_form(post, member):  # type: ignore[no-untyped-def]
    response = client_for(member).post(reverse("stream:comment", args=[post.pk]), {"body": " "})
    assert response.status_code == 200
    assert "Write something first." in response.content.decode()


def test_react_change_and_remove(post, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    url = reverse("stream:react", args=[post.pk])
    assert client.post(url, {"value": "like"}).status_code == 302
    response = client.post(url, {"value": "thanks"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in response.content.decode()
    reaction = Interaction.objects.get(kind=InteractionKind.REACTION)
    assert reaction.value == "thanks"
    client.post(url, {"value": ""})
    assert not Interaction.objects.filter(kind=InteractionKind.REACTION).exists()
    post.refresh_from_db()
    assert post.reaction_count == 0


def test_react_on_comment_and_who_reacted(post, member, owner):  # type: ignore[no-untyped-def]
    comment = CommentFactory(post=post, author=owner)
    client = client_for(member)
    client.post(reverse("stream:comment_react", args=[comment.pk]), {"value": "celebrate"})
    client.post(reverse("stream:react", args=[post.pk]), {"value": "insightful"})
    html = client.get(reverse("stream:reactors", args=[post.pk])).content.decode()
    assert "Mira Lid" in html and "Insightful" in html


# --- editing and moderating -------------------------------------------------------------------


def test_edit_shows_the_edited_marker(post, owner):  # type: ignore[no-untyped-def]
    client = client_for(owner)
    client.post(reverse("stream:edit", args=[post.pk]), {"body": "Nieuwe tekst"})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Nieuwe tekst" in html
    assert "edited" in html
    assert "Edit history" in html  # the owner moderates the space


def test_only_the_author_edits(post, member):  # type: ignore[no-untyped-def]
    assert client_for(member).get(reverse("stream:edit", args=[post.pk])).status_code == 403


def test_moderator_deletes_and_restores(space, member, owner):  # type: ignore[no-untyped-def]
    post = actions.create_post(author=member, body="Oeps", space=space)
    moderator = client_for(owner)
    moderator.post(reverse("stream:delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.is_deleted
    assert client_for(member).get(post.get_absolute_url()).status_code == 404
    assert "Restore" in moderator.get(post.get_absolute_url()).content.decode()
    moderator.post(reverse("stream:restore", args=[post.pk]))
    post.refresh_from_db()
    assert not post.is_deleted


def test_member_cannot_pin(post, member):  # type: ignore[no-untyped-def]
    assert client_for(member).post(reverse("stream:pin", args=[post.pk]), {"aan": "1"}).status_code == 403


def test_pin_and_announcement(space, post, owner, member):  # type: ignore[no-untyped-def]
    newer = actions.create_post(author=member, body="Nieuwer", space=space)
    client = client_for(owner)
    client.post(reverse("stream:pin", args=[post.pk]), {"aan": "1"})
    client.post(reverse("stream:announce", args=[post.pk]), {"aan": "1"})
    html = client.get(space.get_absolute_url()).content.decode()
    assert html.index(f'id="post-{post.pk}"') < html.index(f'id="post-{newer.pk}"')
    assert "Pinned" in html and "Announcement" in html


def test_bookmark_and_follow(post, member):  # type: ignore[no-untyped-def]
    client = client_for(member)
    client.post(reverse("stream:bookmark", args=[post.pk]), {"aan": "1"})
    assert "Saved" in client.get(post.space.get_absolute_url()).content.decode()
    client.post(reverse("stream:follow", args=[post.pk]), {"aan": "0"})
    assert Interaction.objects.filter(user=member, kind=InteractionKind.MUTE).exists()


def test_comment_edit_and_delete(post, member):  # type: ignore[no-untyped-def]
    comment = actions.create_comment(author=member, post=post, body="Eerst")
    client = client_for(member)
    client.post(reverse("stream:comment_edit", args=[comment.pk]), {"body": "Later"})
    comment.refresh_from_db()
    assert comment.body == "Later" and comment.edited_at
    client.post(reverse("stream:comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_deleted


# --- topics ---------------------------------------------------------------------------------------


def test_topic_page_lists_only_visible_posts(owner, outsider, space):  # type: ignore[no-untyped-def]
    actions.create_post(author=owner, body="Open #groen", space=space)
    closed = SpaceFactory(visibility=SpaceVisibility.CLOSED, owner=owner)
    actions.create_post(author=owner, body="Geheim #groen", space=closed)
    html = client_for(outsider).get(reverse("stream:topic", args=["groen"])).content.decode()
    assert "Open" in html and "Geheim" not in html
    client_for(outsider).post(reverse("stream:topic_follow", args=["groen"]), {"aan": "1"})
    assert Interaction.objects.filter(user=outsider, kind=InteractionKind.FOLLOW).exists()


def test_topic_empty_state_and_unknown_topic(owner, space):  # type: ignore[no-untyped-def]
    closed = SpaceFactory(visibility=SpaceVisibility.CLOSED, owner=owner)
    actions.create_post(author=owner, body="#stil", space=closed)
    html = client_for(UserFactory()).get(reverse("stream:topic", args=["stil"])).content.decode()
    assert "No messages with this topic" in html
    assert client_for(owner).get(reverse("stream:topic", args=["bestaat-niet"])).status_code == 404


# --- query budgets --------------------------------------------------------------------------------


def _fill(space, authors, count: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        post = PostFactory(author=authors[number % len(authors)], space=space, body=f"Bericht {number} #thema")
        post.topics.set(actions._topics(["thema"]))
        for author in authors:
            CommentFactory(post=post, author=author)
        actions.react(user=authors[0], target=post, value="like")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_space_stream_query_count_is_fixed(space, owner, member, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    other = SpaceFactory(owner=owner)
    add_member(other, member)
    _fill(space, [owner, member], 5)
    _fill(other, [owner, member], 40)
    client = client_for(member)
    client.get(space.get_absolute_url())  # warm up caches (content types)
    few = _queries(client, space.get_absolute_url())
    many = _queries(client, other.get_absolute_url())
    assert few == many
    with django_assert_max_num_queries(20):
        client.get(other.get_absolute_url())


def test_post_page_query_count_is_fixed(space, owner, member, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    post = PostFactory(author=owner, space=space)
    for number in range(200):
        comment = CommentFactory(post=post, author=member if number % 2 else owner)
        if number % 20 == 0:
            CommentFactory(post=post, author=owner, parent=comment)
    client = client_for(member)
    with django_assert_max_num_queries(20):
        response = client.get(post.get_absolute_url() + "?alles=1")
    assert response.content.decode().count('class="plein-comment') >= 200
    assert "Show 190 earlier comments" in client.get(post.get_absolute_url()).content.decode()


def test_profile_shows_recent_posts(space, owner, member, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    for number in range(7):
        post = actions.create_post(author=owner, body=f"Bericht {number} #wijk", space=space)
        actions.react(user=member, target=post, value="like")
    client = client_for(member)
    client.get(reverse("people:profile", args=[owner.pk]))
    with django_assert_max_num_queries(16):
        html = client.get(reverse("people:profile", args=[owner.pk])).content.decode()
    assert "Recent posts" in html
    assert "Bericht 6" in html and "Bericht 2" in html and "Bericht 1" not in html


def test_moderators_restore_a_deleted_comment(post, member, owner):  # type: ignore[no-untyped-def]
    from plein.stream.actions import create_comment, delete_comment

    comment = create_comment(author=member, post=post, body="Even kwijt")
    delete_comment(actor=member, comment=comment)
    # The author may delete, but only a moderator (the owner) restores.
    assert client_for(member).post(f"/opmerkingen/{comment.pk}/herstellen/").status_code == 403
    page = client_for(owner).get(post.get_absolute_url()).content.decode()
    assert f"/opmerkingen/{comment.pk}/herstellen/" in page
    response = client_for(owner).post(f"/opmerkingen/{comment.pk}/herstellen/")
    assert response.status_code == 302
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.deleted_at is None and post.comment_count == 1
