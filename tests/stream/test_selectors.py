"""The stream's reads: visibility, order and a fixed number of queries for a page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import timezone

from plein.core.models import Interaction, InteractionKind
from plein.spaces.models import SpaceVisibility
from plein.stream import actions, selectors
from plein.stream.models import Comment, Post, Topic
from tests.factories import UserFactory
from tests.stream.factories import CommentFactory, PostFactory, cast, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return cast()


def test_space_stream_puts_pinned_first_then_newest(world):
    now = timezone.now()
    old = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(days=3))
    new = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(days=1))
    pinned = PostFactory(space=world.space, author=world.member, created_at=now - timedelta(days=9), pinned_at=now)
    PostFactory(space=world.space, author=world.member, deleted_at=now)
    PostFactory(author=world.member)  # on the profile, not in the space
    assert list(selectors.space_stream(viewer=world.outsider, space=world.space)) == [pinned, new, old]
    assert list(selectors.space_stream(viewer=world.stranger, space=world.space)) == []


def test_profile_stream_shows_what_the_viewer_may_read(world):
    secret = cast(visibility=SpaceVisibility.SECRET)
    on_profile = PostFactory(author=secret.member)
    in_secret = PostFactory(author=secret.member, space=secret.space)
    assert set(selectors.profile_stream(viewer=world.outsider, person=secret.member)) == {on_profile}
    assert set(selectors.profile_stream(viewer=secret.owner, person=secret.member)) == {on_profile, in_secret}
    assert set(selectors.profile_stream(viewer=secret.guest, person=secret.member)) == {in_secret}


def test_topic_posts_and_lookups(world):
    post = actions.create_post(author=world.member, space=world.space, body="#Werkplek")
    actions.create_post(author=world.member, body="#werkplek thuis")
    topic = selectors.topic_for("werkplek")
    assert len(selectors.topic_posts(viewer=world.outsider, topic=topic)) == 2
    assert list(selectors.topic_posts(viewer=world.guest, topic=topic)) == [post]
    with pytest.raises(Http404):
        selectors.topic_for("bestaat-niet")
    Topic.objects.create(name="Werkplezier", slug="werkplezier")
    assert [t.slug for t in selectors.matching_topics("#Werk")] == ["werkplek", "werkplezier"]
    assert selectors.matching_topics("#") == []


def test_post_for_and_comment_for_answer_404_when_hidden(world):
    post = PostFactory(author=world.member, space=world.space)
    comment = CommentFactory(post=post, author=world.member)
    assert selectors.post_for(world.guest, post.pk) == post
    assert selectors.comment_for(world.guest, comment.pk) == comment
    for viewer in (world.stranger,):
        with pytest.raises(Http404):
            selectors.post_for(viewer, post.pk)
        with pytest.raises(Http404):
            selectors.comment_for(viewer, comment.pk)
    with pytest.raises(Http404):
        selectors.post_for(world.member, 999_999)
    Post.objects.filter(pk=post.pk).update(deleted_at=timezone.now())
    with pytest.raises(Http404):
        selectors.post_for(fresh(world.member), post.pk)  # even the author
    assert selectors.post_for(fresh(world.moderator), post.pk).is_deleted  # to restore it


def test_thread_nests_replies_in_two_queries(world, django_assert_num_queries):
    post = PostFactory(author=world.member, space=world.space)
    tops = [CommentFactory(post=post, author=UserFactory()) for _ in range(100)]
    for top in tops:
        CommentFactory(post=post, parent=top, author=world.guest)
    CommentFactory(post=post, author=world.member, deleted_at=timezone.now())
    with django_assert_num_queries(2):
        comments = selectors.thread(post)
        replies = [reply.author.profile for comment in comments for reply in comment.replies.all()]
        names = [comment.author.profile.function for comment in comments]
    assert len(comments) == 100 == len(replies) == len(names)
    assert [c.pk for c in comments] == [t.pk for t in tops]
    assert len(selectors.thread(post, include_deleted=True)) == 101


def test_latest_comments_for_a_page_is_one_query(world, django_assert_num_queries):
    posts = [PostFactory(author=world.member, space=world.space) for _ in range(40)]
    for index, post in enumerate(posts):
        for _ in range(index % 6):
            CommentFactory(post=post, author=world.owner)
    CommentFactory(post=posts[5], parent=Comment.objects.filter(post=posts[5]).first(), author=world.guest)
    posts = list(Post.objects.filter(pk__in=[p.pk for p in posts]))
    with django_assert_num_queries(1):
        latest = selectors.latest_comments(posts)
        authors = {comment.author.profile.function for found in latest.values() for comment in found}
    assert authors == {"Beleidsadviseur"}
    for post in posts:
        expected = list(Comment.objects.filter(post=post, parent=None).order_by("created_at", "id"))[-3:]
        assert latest.get(post.pk, []) == expected


def test_reactions_for_a_page_is_two_queries(world, django_assert_num_queries):
    posts = [PostFactory(author=world.member, space=world.space) for _ in range(40)]
    comments = [CommentFactory(post=post, author=world.owner) for post in posts]
    for post in posts[::2]:
        actions.react(user=world.owner, target=post, value="like")
        actions.react(user=world.guest, target=post, value="thanks")
    actions.react(user=world.owner, target=comments[0], value="celebrate")
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(Post, Comment)  # the cache a running site has warm
    with django_assert_num_queries(2):
        found = selectors.reactions_for(world.owner, [*posts, *comments])
    summary = found[("stream.post", posts[0].pk)]
    assert summary.total == 2 and summary.mine == "like"
    assert [(value, count) for value, _label, count in summary.counts] == [("like", 1), ("thanks", 1)]
    assert ("stream.post", posts[1].pk) not in found
    assert found[("stream.comment", comments[0].pk)].mine == "celebrate"
    assert selectors.reactions_for(world.owner, []) == {}


def test_reactors_newest_first(world):
    post = PostFactory(author=world.member, space=world.space)
    actions.react(user=world.owner, target=post, value="like")
    actions.react(user=world.guest, target=post, value="curious")
    assert [(i.user, i.value) for i in selectors.reactors(post)] == [(world.guest, "curious"), (world.owner, "like")]
    assert Interaction.objects.filter(kind=InteractionKind.REACTION).count() == 2


def test_mentionable_people_for_employees_and_guests(world):
    found = lambda viewer, q: set(selectors.mentionable_people(viewer, q, limit=50))  # noqa: E731
    for person in (world.owner, world.member, world.moderator, world.admin, world.outsider):
        assert found(world.outsider, person.first_name) == {person}
    for person in (world.guest, world.stranger):  # guests only through a shared space
        assert found(world.outsider, person.first_name) == set()
        assert found(world.admin, person.first_name) == set()
    assert world.guest in found(world.member, "gijs")
    assert found(world.guest, "o") == {p for p in (world.owner, world.moderator) if "o" in p.get_full_name().lower()}
    assert found(world.guest, "otto") == set()  # an employee they share no space with
    assert found(world.stranger, "olga") == set()
    assert selectors.mentionable_people(world.member, "  ") == []


def test_mentionable_spaces_are_visible_and_not_archived(world):
    secret = cast(visibility=SpaceVisibility.SECRET, name="Geheim overleg")
    archived = cast(name="Oud overleg", archived_at=timezone.now())
    assert selectors.mentionable_spaces(world.outsider, "overleg") == []
    assert selectors.mentionable_spaces(secret.member, "overleg") == [secret.space]
    assert archived.space not in selectors.mentionable_spaces(archived.owner, "overleg")
