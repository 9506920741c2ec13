"""The stream's writes: who may do what, what is stored, the counters and the events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from plein.core.models import Event, Interaction, InteractionKind
from plein.spaces.models import PostingPolicy, SpaceVisibility
from plein.stream import actions
from plein.stream.actions import StreamError
from plein.stream.models import MAX_COMMENT_LENGTH, MAX_POST_LENGTH, Comment, Post, PostRevision, Topic
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import CommentFactory, PostFactory, cast, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return cast()


def mention(user) -> str:  # type: ignore[no-untyped-def]
    return f"@[{user.first_name} {user.last_name}](user:{user.pk})"


# --- posting -------------------------------------------------------------------------------------


def test_members_post_in_a_space_with_topics_and_mentions(world):
    post = actions.create_post(
        author=world.member, space=world.space, body=f"Hoi {mention(world.owner)}, **#Duurzaamheid** en #werkplek"
    )
    post.refresh_from_db()
    assert post.space == world.space and post.author == world.member
    assert "<strong>" in post.body_html and f'href="/mensen/{world.owner.pk}/"' in post.body_html
    assert sorted(post.topics.values_list("slug", flat=True)) == ["duurzaamheid", "werkplek"]
    assert list(post.mentions.all()) == [world.owner]
    world.space.refresh_from_db()
    assert world.space.last_activity_at == post.created_at
    # the author follows their own thread
    assert Interaction.objects.filter(user=world.member, kind=InteractionKind.FOLLOW, target_id=post.pk).exists()


def test_topics_are_shared_across_spellings(world):
    actions.create_post(author=world.member, space=world.space, body="#Duurzaamheid")
    actions.create_post(author=world.owner, space=world.space, body="#duurzaamheid en #Café")
    actions.create_post(author=world.owner, space=world.space, body="#cafe")
    assert sorted(Topic.objects.values_list("slug", "name")) == [("cafe", "Café"), ("duurzaamheid", "Duurzaamheid")]


def test_guest_members_post_where_members_post(world):
    assert actions.create_post(author=world.guest, space=world.space, body="Hallo vanuit de partnergemeente")


@pytest.mark.parametrize("who", ["outsider", "admin", "stranger"])
def test_non_members_cannot_post_in_a_space(world, who):
    with pytest.raises(PermissionDenied):
        actions.create_post(author=getattr(world, who), space=world.space, body="Mag ik?")


def test_moderators_only_posting_policy():
    world = cast(posting=PostingPolicy.MODERATORS)
    for who in (world.owner, world.moderator):
        actions.create_post(author=who, space=world.space, body="Mededeling")
    for who in (world.member, world.guest):
        with pytest.raises(PermissionDenied):
            actions.create_post(author=who, space=world.space, body="Mededeling")


def test_employees_post_on_their_profile_guests_cannot(world):
    post = actions.create_post(author=world.outsider, body="Mijn eerste week!")
    assert post.space is None
    with pytest.raises(PermissionDenied):
        actions.create_post(author=world.guest, body="Mag ik hier ook iets zeggen?")


def test_deactivated_people_cannot_post(world):
    world.member.is_active = False
    world.member.save()
    with pytest.raises(PermissionDenied):
        actions.create_post(author=fresh(world.member), space=world.space, body="Ik ben weg")
    with pytest.raises(PermissionDenied):
        actions.create_post(author=fresh(world.member), body="Ik ben weg")


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_empty_post_is_refused(world, body, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(StreamError, match="Write something or add an image first"):
        actions.create_post(author=world.member, space=world.space, body=body)
    assert not Post.objects.exists()


def test_too_long_post_and_comment_are_refused(world):
    actions.create_post(author=world.member, space=world.space, body="a" * MAX_POST_LENGTH)
    with pytest.raises(StreamError, match=str(MAX_POST_LENGTH + 1)):
        actions.create_post(author=world.member, space=world.space, body="a" * (MAX_POST_LENGTH + 1))
    post = Post.objects.get()
    with pytest.raises(StreamError):
        actions.create_comment(author=world.member, post=post, body="a" * (MAX_COMMENT_LENGTH + 1))


def test_a_guest_cannot_mention_an_employee_they_do_not_share_a_space_with(world):
    with pytest.raises(StreamError):
        actions.create_post(author=world.guest, space=world.space, body=f"Hoi {mention(world.outsider)}")
    with pytest.raises(StreamError):
        actions.create_post(author=world.guest, space=world.space, body=f"Hoi {mention(world.stranger)}")
    assert actions.create_post(author=world.guest, space=world.space, body=f"Hoi {mention(world.owner)}")


def test_employees_cannot_mention_unknown_deactivated_or_unshared_guests(world):
    gone = fresh(world.moderator)
    gone.is_active = False
    gone.save()
    for body in ("@[Niemand](user:999999)", mention(gone), mention(world.stranger)):
        with pytest.raises(StreamError):
            actions.create_post(author=world.outsider, body=body)
    # a guest sharing a space is mentionable by the people in it
    assert actions.create_post(author=world.member, space=world.space, body=mention(world.guest))


def test_mentioning_a_space_the_author_cannot_see_is_refused(world):
    secret = SpaceFactory(visibility=SpaceVisibility.SECRET, slug="geheim")
    with pytest.raises(StreamError):
        actions.create_post(author=world.member, space=world.space, body="@[Geheim](space:geheim)")
    with pytest.raises(StreamError):
        actions.create_post(author=world.member, space=world.space, body="@[Weg](space:bestaat-niet)")
    add_member(secret, world.member)
    assert actions.create_post(author=fresh(world.member), space=world.space, body="@[Geheim](space:geheim)")


def test_the_same_client_token_twice_gives_one_post(world):
    first = actions.create_post(author=world.member, space=world.space, body="Dubbel", client_token="abc")
    second = actions.create_post(author=world.member, space=world.space, body="Dubbel", client_token="abc")
    assert first.pk == second.pk and Post.objects.count() == 1
    # another author may use the same token
    actions.create_post(author=world.owner, space=world.space, body="Dubbel", client_token="abc")
    assert Post.objects.count() == 2


def test_a_racing_double_submit_gives_one_post(world, monkeypatch):
    """The second request passes the "already there?" check before the first one's insert is visible."""
    checked = actions.checked_text

    def first_request_commits_meanwhile(author, text, **options):  # type: ignore[no-untyped-def]
        rendered = checked(author, text, **options)
        PostFactory(author=author, space=world.space, body=text, client_token="race")
        return rendered

    monkeypatch.setattr(actions, "checked_text", first_request_commits_meanwhile)
    post = actions.create_post(author=world.member, space=world.space, body="Snel", client_token="race")
    assert Post.objects.filter(author=world.member).count() == 1
    assert post.pk == Post.objects.get().pk


def test_a_racing_double_submit_gives_one_comment(world, monkeypatch):
    post = PostFactory(author=world.member, space=world.space)
    checked = actions.checked_text

    def first_request_commits_meanwhile(author, text, *, limit):  # type: ignore[no-untyped-def]
        rendered = checked(author, text, limit=limit)
        Comment.objects.create(post=post, author=author, body=text, body_html=rendered.html, client_token="race")
        return rendered

    monkeypatch.setattr(actions, "checked_text", first_request_commits_meanwhile)
    comment = actions.create_comment(author=world.owner, post=post, body="Eens", client_token="race")
    assert comment.pk == Comment.objects.get().pk
    again = actions.create_comment(author=world.owner, post=post, body="Eens", client_token="race")
    assert again.pk == comment.pk


# --- comments ------------------------------------------------------------------------------------


def test_comment_and_reply_count_and_a_reply_to_a_reply_joins_the_parent(world):
    post = actions.create_post(author=world.member, space=world.space, body="Vraag")
    before = Post.objects.get(pk=post.pk).last_activity_at
    comment = actions.create_comment(author=world.owner, post=post, body="Antwoord")
    reply = actions.create_comment(author=world.guest, post=post, body="Dank", parent=comment)
    deeper = actions.create_comment(author=world.member, post=post, body="Graag", parent=reply)
    assert reply.parent == comment and deeper.parent == comment
    post.refresh_from_db()
    assert post.comment_count == 3 and post.last_activity_at >= before
    assert post.last_activity_at == deeper.created_at
    actions.delete_comment(actor=world.guest, comment=reply)
    post.refresh_from_db()
    assert post.comment_count == 2


def test_replying_to_a_comment_of_another_post_or_a_deleted_one_is_refused(world):
    post, other = (
        PostFactory(author=world.member, space=world.space),
        PostFactory(author=world.member, space=world.space),
    )
    elsewhere = CommentFactory(post=other, author=world.owner)
    gone = CommentFactory(post=post, author=world.owner, deleted_at=timezone.now())
    for parent in (elsewhere, gone):
        with pytest.raises(StreamError):
            actions.create_comment(author=world.member, post=post, body="Ja", parent=parent)


def test_who_may_comment(world):
    post = PostFactory(author=world.member, space=world.space)
    for who in (world.owner, world.guest, world.member):
        actions.create_comment(author=who, post=post, body="Goed")
    for who in (world.outsider, world.stranger):  # the outsider reads the open space but is no member
        with pytest.raises(PermissionDenied):
            actions.create_comment(author=who, post=post, body="Goed")
    profile_post = PostFactory(author=world.member)
    actions.create_comment(author=world.outsider, post=profile_post, body="Welkom")
    with pytest.raises(PermissionDenied):
        actions.create_comment(author=world.guest, post=profile_post, body="Welkom")


def test_edit_and_delete_comment(world):
    post = PostFactory(author=world.member, space=world.space)
    comment = actions.create_comment(author=world.guest, post=post, body="Eerst")
    actions.edit_comment(actor=world.guest, comment=comment, body=f"Daarna {mention(world.owner)}")
    comment.refresh_from_db()
    assert comment.edited_at and "Daarna" in comment.body_html and list(comment.mentions.all()) == [world.owner]
    for who in (world.member, world.moderator):
        with pytest.raises(PermissionDenied):
            actions.edit_comment(actor=who, comment=comment, body="Anders")
    with pytest.raises(PermissionDenied):
        actions.delete_comment(actor=world.member, comment=comment)  # the post's author is no moderator
    actions.delete_comment(actor=world.moderator, comment=comment)
    assert Comment.objects.get().deleted_by == world.moderator
    with pytest.raises(PermissionDenied):
        actions.delete_comment(actor=world.moderator, comment=Comment.objects.get())


# --- editing, deleting, restoring, pinning ----------------------------------------------------


def test_edit_keeps_a_revision_and_marks_the_post_edited(world):
    post = actions.create_post(author=world.member, space=world.space, body="Eerste versie #oud")
    actions.edit_post(actor=world.member, post=post, body="Tweede versie #nieuw")
    post.refresh_from_db()
    assert post.edited_at is not None and "Tweede" in post.body_html
    assert list(post.topics.values_list("slug", flat=True)) == ["nieuw"]
    assert list(PostRevision.objects.values_list("body", "edited_by")) == [("Eerste versie #oud", world.member.pk)]
    for who in (world.owner, world.admin, world.outsider):
        with pytest.raises(PermissionDenied):
            actions.edit_post(actor=who, post=post, body="Overgenomen")
    with pytest.raises(StreamError):
        actions.edit_post(actor=world.member, post=post, body=" ")


@pytest.mark.parametrize("who", ["member", "owner", "moderator", "admin"])
def test_author_moderators_and_admins_delete_moderators_and_admins_restore(world, who):
    post = PostFactory(author=world.member, space=world.space)
    actor = getattr(world, who)
    actions.delete_post(actor=actor, post=post)
    post.refresh_from_db()
    assert post.is_deleted and post.deleted_by == actor
    if who == "member":
        with pytest.raises(PermissionDenied):
            actions.restore_post(actor=actor, post=post)
        actor = world.moderator
    actions.restore_post(actor=actor, post=post)
    post.refresh_from_db()
    assert not post.is_deleted and post.deleted_by is None


@pytest.mark.parametrize("who", ["guest", "outsider", "stranger"])
def test_others_cannot_delete_or_restore(world, who):
    post = PostFactory(author=world.member, space=world.space)
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=getattr(world, who), post=post)
    actions.delete_post(actor=world.member, post=post)
    with pytest.raises(PermissionDenied):
        actions.restore_post(actor=getattr(world, who), post=post)


def test_profile_posts_are_deleted_by_their_author_or_an_admin(world):
    post = PostFactory(author=world.member)
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=world.owner, post=post)
    actions.delete_post(actor=world.admin, post=post)
    actions.restore_post(actor=world.admin, post=post)
    with pytest.raises(PermissionDenied):
        actions.set_pinned(actor=world.admin, post=post, pinned=True)  # nothing to pin a profile post to


def test_pin_and_announce_are_for_moderators(world):
    post = PostFactory(author=world.member, space=world.space)
    for who in (world.member, world.guest, world.outsider):
        with pytest.raises(PermissionDenied):
            actions.set_pinned(actor=who, post=post, pinned=True)
        with pytest.raises(PermissionDenied):
            actions.set_announcement(actor=who, post=post, announcement=True)
    actions.set_pinned(actor=world.moderator, post=post, pinned=True)
    actions.set_announcement(actor=world.owner, post=post, announcement=True)
    post.refresh_from_db()
    assert post.pinned_at and post.is_announcement
    actions.set_pinned(actor=world.admin, post=post, pinned=False)
    post.refresh_from_db()
    assert post.pinned_at is None
    assert Event.objects.filter(kind="post.announced").count() == 1


def test_an_archived_space_is_read_only(world):
    post = PostFactory(author=world.member, space=world.space)
    comment = CommentFactory(post=post, author=world.member)
    world.space.archived_at = timezone.now() - timedelta(days=1)
    world.space.save()
    post = Post.objects.select_related("space").get(pk=post.pk)
    comment = Comment.objects.select_related("post__space").get(pk=comment.pk)
    member, owner, admin = fresh(world.member), fresh(world.owner), fresh(world.admin)
    attempts = [
        lambda: actions.create_post(author=owner, space=post.space, body="Nog iets"),
        lambda: actions.create_comment(author=member, post=post, body="Nog iets"),
        lambda: actions.react(user=member, target=post, value="like"),
        lambda: actions.edit_post(actor=member, post=post, body="Anders"),
        lambda: actions.delete_post(actor=member, post=post),
        lambda: actions.delete_post(actor=admin, post=post),
        lambda: actions.set_pinned(actor=owner, post=post, pinned=True),
        lambda: actions.edit_comment(actor=member, comment=comment, body="Anders"),
        lambda: actions.delete_comment(actor=owner, comment=comment),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    actions.set_bookmark(user=member, post=post, saved=True)  # reading along is still fine


def test_a_guest_whose_access_ended_cannot_touch_their_old_posts(world):
    post = PostFactory(author=world.guest, space=world.space)
    world.space.memberships.filter(user=world.guest).update(expires_at=timezone.now() - timedelta(days=1))
    guest = fresh(world.guest)
    with pytest.raises(PermissionDenied):
        actions.edit_post(actor=guest, post=post, body="Nog even")
    with pytest.raises(PermissionDenied):
        actions.delete_post(actor=guest, post=post)


# --- reactions, bookmarks, follows ------------------------------------------------------------


def reactions_on(target) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return sorted(
        Interaction.objects.filter(
            kind=InteractionKind.REACTION,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
        ).values_list("user_id", "value")
    )


def test_one_reaction_per_person_changed_and_taken_back(world):
    post = PostFactory(author=world.member, space=world.space)
    actions.react(user=world.owner, target=post, value="like")
    actions.react(user=world.owner, target=post, value="like")
    actions.react(user=world.guest, target=post, value="thanks")
    actions.react(user=world.owner, target=post, value="celebrate")
    post.refresh_from_db()
    assert post.reaction_count == 2
    assert reactions_on(post) == sorted([(world.owner.pk, "celebrate"), (world.guest.pk, "thanks")])
    actions.unreact(user=world.owner, target=post)
    actions.unreact(user=world.owner, target=post)
    post.refresh_from_db()
    assert post.reaction_count == 1 and reactions_on(post) == [(world.guest.pk, "thanks")]
    reacted = Event.objects.filter(kind="reaction.set")
    assert reacted.count() == 3  # the repeated "like" changed nothing
    assert all(event.audience == [f"user:{world.member.pk}"] for event in reacted)


def test_reactions_on_comments_and_who_may_react(world):
    post = PostFactory(author=world.member, space=world.space)
    comment = CommentFactory(post=post, author=world.owner)
    actions.react(user=world.guest, target=comment, value="insightful")
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.reaction_count == 1 and post.reaction_count == 0
    with pytest.raises(StreamError):
        actions.react(user=world.member, target=post, value="dislike")
    for who in (world.outsider, world.stranger):
        with pytest.raises(PermissionDenied):
            actions.react(user=who, target=post, value="like")
    gone = CommentFactory(post=post, author=world.owner, deleted_at=timezone.now())
    with pytest.raises(PermissionDenied):
        actions.react(user=world.member, target=gone, value="like")


def test_bookmarks(world):
    post = PostFactory(author=world.member, space=world.space)
    actions.set_bookmark(user=world.outsider, post=post, saved=True)  # reading an open space is enough
    actions.set_bookmark(user=world.outsider, post=post, saved=True)
    saved = Interaction.objects.filter(kind=InteractionKind.BOOKMARK, user=world.outsider)
    assert saved.count() == 1
    actions.set_bookmark(user=world.outsider, post=post, saved=False)
    assert not saved.exists()
    with pytest.raises(PermissionDenied):
        actions.set_bookmark(user=world.stranger, post=post, saved=True)


def test_follow_and_mute_a_thread_exclude_each_other(world):
    post = PostFactory(author=world.member, space=world.space)
    kinds = lambda: set(  # noqa: E731
        Interaction.objects.filter(user=world.owner, target_id=post.pk).values_list("kind", flat=True)
    )
    actions.set_thread_follow(user=world.owner, post=post, follow=True)
    assert kinds() == {InteractionKind.FOLLOW}
    actions.set_thread_follow(user=world.owner, post=post, follow=False)
    assert kinds() == {InteractionKind.MUTE}
    actions.create_comment(author=world.owner, post=post, body="Toch nog iets")
    assert kinds() == {InteractionKind.MUTE}  # commenting does not undo a mute
    actions.set_thread_follow(user=world.owner, post=post, follow=True)
    assert kinds() == {InteractionKind.FOLLOW}


def test_topic_follow(world):
    topic = Topic.objects.create(name="Werkplek", slug="werkplek")
    actions.set_topic_follow(user=world.guest, topic=topic, follow=True)
    assert Interaction.objects.filter(user=world.guest, kind=InteractionKind.FOLLOW, target_id=topic.pk).exists()
    actions.set_topic_follow(user=world.guest, topic=topic, follow=False)
    assert not Interaction.objects.filter(user=world.guest).exists()


# --- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "audience"),
    [("open", {"space", "org"}), ("closed", {"space"}), ("secret", {"space"})],
)
def test_events_reach_the_space_and_the_organisation_only_for_open_spaces(visibility, audience):
    world = cast(visibility=visibility)
    post = actions.create_post(author=world.member, space=world.space, body="Nieuws")
    comment = actions.create_comment(author=world.owner, post=post, body="Mooi", parent=None)
    actions.edit_post(actor=world.member, post=post, body="Nieuws!")
    actions.delete_comment(actor=world.owner, comment=comment)
    actions.set_announcement(actor=world.owner, post=post, announcement=True)
    actions.delete_post(actor=world.member, post=post)
    actions.restore_post(actor=world.owner, post=post)
    expected = sorted({"space": f"space:{world.space.pk}", "org": "org"}[token] for token in audience)
    kinds = []
    for event in Event.objects.filter(kind__startswith="post.") | Event.objects.filter(kind__startswith="comment."):
        kinds.append(event.kind)
        assert sorted(event.audience) == expected, event.kind
        if visibility == "secret":
            assert "org" not in event.audience
    assert sorted(kinds) == sorted(
        [
            "post.created",
            "comment.created",
            "post.edited",
            "comment.deleted",
            "post.announced",
            "post.deleted",
            "post.restored",
        ]
    )


def test_profile_post_events_reach_the_organisation(world):
    post = actions.create_post(author=world.member, body=f"Welkom {mention(world.outsider)}")
    event = Event.objects.get(kind="post.created")
    assert event.audience == ["org"] and event.payload == {"space": None, "mentions": [world.outsider.pk]}
    comment = actions.create_comment(author=world.owner, post=post, body="Ja!")
    reply = actions.create_comment(author=world.outsider, post=post, body="Dank", parent=comment)
    payload = Event.objects.get(kind="comment.created", subject_id=str(reply.pk)).payload
    assert payload == {
        "post": post.pk,
        "parent": comment.pk,
        "parent_author": world.owner.pk,
        "post_author": world.member.pk,
        "mentions": [],
    }
