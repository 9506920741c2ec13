"""One notification per person per subject: later events update it until it is read."""

from __future__ import annotations

import pytest
from django.utils import translation

from plein.core.dispatch import deliver_pending
from plein.core.models import Event
from plein.notifications import consumers
from plein.notifications.actions import mark_all_read
from plein.notifications.models import Notification
from plein.notifications.texts import text_for
from plein.stream import actions
from plein.stream.models import Post
from tests.factories import UserFactory
from tests.notifications.conftest import told
from tests.spaces.factories import add_member
from tests.stream.factories import fresh

pytestmark = pytest.mark.django_db


def reload(post: Post) -> Post:
    return Post.objects.select_related("space").get(pk=post.pk)


def reactors(world, number: int) -> list:  # type: ignore[no-untyped-def]
    people = [UserFactory(first_name=f"Fan{n}", last_name="Jong") for n in range(number)]
    for person in people:
        add_member(world.space, person)
    return people


def test_reactions_roll_up_into_one_notification(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Nieuwe werkplekken")
    people = reactors(world, 5)
    for person in people:
        actions.react(user=person, target=reload(post), value="like")
    deliver_pending()
    (notification,) = told("post_reaction").values()
    assert notification.count == 5
    assert notification.actor_ids[0] == people[-1].pk
    assert text_for(notification) == "Fan4 Jong and 4 others reacted to your post “Nieuwe werkplekken”."
    with translation.override("nl"):
        assert "Fan4 Jong" in text_for(notification)


def test_a_new_event_moves_the_unread_notification_to_the_top(world):
    mine = actions.create_post(author=world.owner, space=world.space, body="Eerste")
    other = actions.create_post(author=world.owner, space=world.space, body="Tweede")
    actions.react(user=fresh(world.member), target=reload(mine), value="like")
    actions.create_comment(author=world.member, post=reload(other), body="Hoi")
    deliver_pending()
    actions.react(user=fresh(world.moderator), target=reload(mine), value="thanks")
    deliver_pending()
    newest = Notification.objects.filter(recipient=world.owner).first()
    assert newest is not None and newest.kind == "post_reaction" and newest.count == 2


def test_once_read_a_new_event_starts_a_new_notification(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Vraag")
    actions.create_comment(author=world.member, post=reload(post), body="Een")
    deliver_pending()
    mark_all_read(user=world.owner)
    actions.create_comment(author=world.moderator, post=reload(post), body="Twee")
    deliver_pending()
    rows = list(Notification.objects.filter(recipient=world.owner, kind="post_comment").order_by("id"))
    assert [(n.count, n.read_at is None) for n in rows] == [(1, False), (1, True)]


def test_many_comments_in_a_followed_thread_read_as_a_count(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Nieuwe werkplekken")
    actions.create_comment(author=world.moderator, post=reload(post), body="Ik volg")
    deliver_pending()
    Notification.objects.all().delete()
    for person in reactors(world, 7):
        actions.create_comment(author=person, post=reload(post), body="Eens")
    deliver_pending()
    notification = told("thread_comment")[world.moderator.pk]
    assert text_for(notification) == "7 new comments in “Nieuwe werkplekken”."


def test_redelivering_an_event_does_not_count_it_twice(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Taart")
    actions.react(user=fresh(world.member), target=reload(post), value="like")
    deliver_pending()
    event = Event.objects.get(kind="reaction.set")
    consumers.handle(event)
    consumers.handle(event)
    assert told("post_reaction")[world.owner.pk].count == 1
    # Also after the person read it: the old event does not start a new notification.
    mark_all_read(user=world.owner)
    consumers.handle(event)
    assert Notification.objects.filter(kind="post_reaction").count() == 1


def test_reading_the_post_marks_its_notifications_read(world, client):
    post = actions.create_post(author=world.owner, space=world.space, body="Lees mij")
    actions.react(user=fresh(world.member), target=reload(post), value="like")
    actions.create_comment(author=world.member, post=reload(post), body="Gelezen?")
    other = actions.create_post(author=world.owner, space=world.space, body="Ander")
    actions.react(user=fresh(world.member), target=reload(other), value="like")
    deliver_pending()
    client.force_login(world.owner)
    assert client.get(post.get_absolute_url()).status_code == 200
    unread = Notification.objects.filter(recipient=world.owner, read_at__isnull=True)
    assert list(unread.values_list("subject", flat=True)) == [f"post:{other.pk}"]
    assert Event.objects.filter(kind="notification.read").exists()  # the live badge follows


def test_clicking_a_notification_marks_it_read_and_opens_the_subject(world, client):
    post = actions.create_post(author=world.owner, space=world.space, body="Klik")
    actions.react(user=fresh(world.member), target=reload(post), value="like")
    deliver_pending()
    notification = told("post_reaction")[world.owner.pk]
    client.force_login(world.member)  # not theirs: nothing happens, back to the list
    assert client.get(f"/meldingen/{notification.pk}/")["Location"] == "/meldingen/"
    notification.refresh_from_db()
    assert notification.read_at is None
    client.force_login(world.owner)
    response = client.get(f"/meldingen/{notification.pk}/")
    assert response["Location"] == post.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
