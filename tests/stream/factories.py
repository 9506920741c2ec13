"""Factories for the stream; they write rows directly (the actions are tested through their own tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import factory
from django.db.models import F

from plein.accounts.models import User
from plein.spaces.models import Space, SpaceRole
from plein.stream.models import Comment, Post
from plein.stream.text import render
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member


class PostFactory(factory.django.DjangoModelFactory):
    """A post; ``space=None`` puts it on the author's profile stream. ``body_html`` is rendered from ``body``."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    author = factory.SubFactory("tests.factories.UserFactory")
    space = None
    body = factory.Sequence(lambda n: f"Bericht nummer {n} over de wijk.")
    body_html = factory.LazyAttribute(lambda o: render(o.body).html)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment; keeps the post's ``comment_count`` right, as the actions do."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    parent = None
    author = factory.SubFactory("tests.factories.UserFactory")
    body = factory.Sequence(lambda n: f"Opmerking {n}: goed idee.")
    body_html = factory.LazyAttribute(lambda o: render(o.body).html)

    @classmethod
    def _create(cls, model_class: type[Comment], *args: Any, **kwargs: Any) -> Comment:
        comment = super()._create(model_class, *args, **kwargs)
        if comment.deleted_at is None:
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + 1)
        return comment


@dataclass
class Cast:
    """An open space (members post) and the people around it."""

    space: Space
    owner: User
    moderator: User
    member: User
    outsider: User  # an employee who is not a member
    admin: User
    guest: User  # an external guest, member of the space
    stranger: User  # an external guest in another space only


def cast(**space: Any) -> Cast:
    """Make the space (``space`` overrides its fields) and its people."""
    room = SpaceFactory(**space)
    owner = UserFactory(first_name="Olga", last_name="Eigenaar")
    moderator = UserFactory(first_name="Mo", last_name="Derator")
    member = UserFactory(first_name="Mila", last_name="Lid")
    guest = GuestFactory(first_name="Gijs", last_name="Extern")
    add_member(room, owner, role=SpaceRole.OWNER)
    add_member(room, moderator, role=SpaceRole.MODERATOR)
    add_member(room, member)
    add_member(room, guest, role=SpaceRole.GUEST)
    stranger = GuestFactory(first_name="Stan", last_name="Vreemd")
    add_member(SpaceFactory(), stranger, role=SpaceRole.GUEST)
    return Cast(
        space=room,
        owner=owner,
        moderator=moderator,
        member=member,
        outsider=UserFactory(first_name="Otto", last_name="Buiten"),
        admin=UserFactory(first_name="Ada", last_name="Beheer", is_superuser=True, is_staff=True),
        guest=guest,
        stranger=stranger,
    )


def fresh(user: User) -> User:
    """The user loaded again, without remembered space roles."""
    return User.objects.select_related("profile").get(pk=user.pk)
