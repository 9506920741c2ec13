"""Who is told about what happens in the stream: always people who may open it, never the actor."""

from __future__ import annotations

import pytest
from django.utils import timezone

from plein.core.dispatch import deliver_pending
from plein.notifications.models import Notification
from plein.notifications.texts import text_for
from plein.spaces.models import SpaceRole, SpaceVisibility
from plein.stream import actions
from tests.factories import UserFactory
from tests.notifications.conftest import mention, told
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import cast, fresh

pytestmark = pytest.mark.django_db


def test_a_mention_in_a_post_tells_the_person(world):
    post = actions.create_post(author=world.member, space=world.space, body=f"Vraag voor {mention(world.owner)}")
    deliver_pending()
    (notification,) = told("mention").values()
    assert notification.recipient_id == world.owner.pk
    assert notification.url == post.get_absolute_url()
    assert notification.subject == f"post:{post.pk}"
    assert text_for(notification) == "Mila Lid mentioned you in “Vraag voor @Olga Eigenaar”."


def test_nobody_is_told_about_a_post_they_cannot_open():
    world = cast(visibility=SpaceVisibility.CLOSED)
    # The outsider can be mentioned (an employee's profile is visible) but cannot read a closed space.
    actions.create_post(
        author=world.member, space=world.space, body=f"{mention(world.outsider)} en {mention(world.owner)}"
    )
    deliver_pending()
    assert set(told("mention")) == {world.owner.pk}


def test_deactivated_people_and_the_actor_are_not_told(world):
    gone = UserFactory(first_name="Weg", last_name="Gegaan")
    add_member(world.space, gone)
    actions.create_post(
        author=world.member, space=world.space, body=f"{mention(gone)} {mention(world.member)} {mention(world.owner)}"
    )
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    deliver_pending()
    assert set(told("mention")) == {world.owner.pk}


def test_a_guest_whose_access_ended_is_not_told(world):
    actions.create_post(author=world.member, space=world.space, body=f"Voor {mention(world.guest)}")
    world.space.memberships.filter(user=world.guest).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    deliver_pending()
    assert not told("mention")


def test_comments_tell_the_post_author_and_the_thread_followers(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Nieuwe werkplekken")
    actions.create_comment(author=world.moderator, post=post, body="Eerste!")  # the moderator now follows
    deliver_pending()
    Notification.objects.all().delete()
    actions.create_comment(author=world.member, post=fresh_post(post), body="Mooi plan")
    deliver_pending()
    assert set(told("post_comment")) == {world.owner.pk}
    assert set(told("thread_comment")) == {world.moderator.pk}
    assert world.member.pk not in set(Notification.objects.values_list("recipient_id", flat=True))


def fresh_post(post):  # type: ignore[no-untyped-def]
    return type(post).objects.select_related("space").get(pk=post.pk)


def test_a_reply_tells_the_comment_author_once_with_the_reply_kind(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Wie helpt?")
    first = actions.create_comment(author=world.moderator, post=post, body="Ik")
    deliver_pending()
    Notification.objects.all().delete()
    actions.create_comment(author=world.member, post=fresh_post(post), body="Ik ook", parent=first)
    deliver_pending()
    assert set(told("comment_reply")) == {world.moderator.pk}
    assert set(told("post_comment")) == {world.owner.pk}
    assert not told("thread_comment")  # the moderator heard it as a reply, not twice


def test_a_muted_thread_is_silent_except_for_mentions(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Stil")
    actions.set_thread_follow(user=fresh(world.owner), post=post, follow=False)
    actions.create_comment(author=world.member, post=fresh_post(post), body="Hallo")
    deliver_pending()
    assert not Notification.objects.filter(recipient=world.owner).exists()
    actions.create_comment(author=world.member, post=fresh_post(post), body=f"Toch {mention(world.owner)}")
    deliver_pending()
    assert set(told("mention")) == {world.owner.pk}


def test_reactions_tell_the_author_of_the_post_or_comment(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Taart!")
    comment = actions.create_comment(author=world.moderator, post=post, body="Lekker")
    deliver_pending()
    Notification.objects.all().delete()
    actions.react(user=fresh(world.member), target=fresh_post(post), value="celebrate")
    actions.react(user=fresh(world.member), target=comment, value="like")
    actions.react(user=fresh(world.owner), target=fresh_post(post), value="like")  # one's own: nobody
    deliver_pending()
    assert set(told("post_reaction")) == {world.owner.pk}
    assert set(told("comment_reaction")) == {world.moderator.pk}
    assert text_for(told("comment_reaction")[world.moderator.pk]) == "Mila Lid reacted to your comment on “Taart!”."


def test_an_announcement_tells_current_members_only(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Belangrijk")
    world.space.memberships.filter(user=world.guest).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    deliver_pending()
    actions.set_announcement(actor=fresh(world.owner), post=fresh_post(post), announcement=True)
    deliver_pending()
    assert set(told("space_announcement")) == {world.moderator.pk, world.member.pk}
    assert text_for(told("space_announcement")[world.member.pk]) == (
        f"Announcement in “{world.space.name}”: “Belangrijk”."
    )


def test_mentioning_a_space_tells_its_members_when_the_author_belongs_to_it(world):
    team = SpaceFactory(name="Team Burgerzaken", slug="team-burgerzaken", visibility=SpaceVisibility.CLOSED)
    colleague = UserFactory()
    add_member(team, colleague)
    add_member(team, world.member)
    add_member(team, world.outsider)  # a member of the team, but not of the (open) space: still reads it
    body = "Vraag aan @[Team Burgerzaken](space:team-burgerzaken)"
    actions.create_post(author=world.member, space=world.space, body=body)
    deliver_pending()
    assert set(told("mention_space")) == {colleague.pk, world.outsider.pk}
    # Someone outside the team cannot page it.
    Notification.objects.all().delete()
    actions.create_post(author=world.moderator, space=world.space, body=body)
    deliver_pending()
    assert not told("mention_space")


def test_a_space_mention_never_reaches_members_who_cannot_open_the_post():
    world = cast(visibility=SpaceVisibility.SECRET)
    team = SpaceFactory(slug="team-x", visibility=SpaceVisibility.OPEN)
    outsider_in_team = UserFactory()
    add_member(team, outsider_in_team)
    add_member(team, world.member, role=SpaceRole.MEMBER)
    actions.create_post(author=world.member, space=world.space, body="Zie @[Team X](space:team-x)")
    deliver_pending()
    assert not told("mention_space")


def test_newly_mentioned_people_are_told_after_an_edit(world):
    post = actions.create_post(author=world.member, space=world.space, body=f"Voor {mention(world.owner)}")
    deliver_pending()
    actions.edit_post(
        actor=fresh(world.member),
        post=fresh_post(post),
        body=f"Voor {mention(world.owner)} en {mention(world.moderator)}",
    )
    deliver_pending()
    assert set(told("mention")) == {world.owner.pk, world.moderator.pk}


def test_an_edited_comment_tells_only_the_people_it_newly_mentions(world):
    post = actions.create_post(author=world.owner, space=world.space, body="Planning voor maart")
    comment = actions.create_comment(author=world.member, post=post, body=f"Eens, {mention(world.owner)}")
    deliver_pending()
    assert set(told("mention")) == {world.owner.pk}
    before = Notification.objects.count()

    actions.edit_comment(
        actor=fresh(world.member), comment=comment, body=f"Eens, {mention(world.owner)} en {mention(world.moderator)}"
    )
    deliver_pending()

    assert set(told("mention")) == {world.owner.pk, world.moderator.pk}
    assert Notification.objects.count() == before + 1  # no second "comment on your post" for the owner
