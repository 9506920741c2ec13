"""Factories for spaces; they write rows directly (actions are tested through their own tests)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from plein.spaces.models import JoinPolicy, Membership, PostingPolicy, Space, SpaceRole, SpaceVisibility


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ruimte {n}")
    slug = factory.Sequence(lambda n: f"ruimte-{n}")
    description = "Samen werken aan de wijk."
    visibility = SpaceVisibility.OPEN
    join_policy = JoinPolicy.ANYONE
    posting = PostingPolicy.MEMBERS

    @factory.post_generation
    def owner(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``SpaceFactory(owner=user)`` makes that user the owner."""
        if create and extracted is not None:
            add_member(self, extracted, role=SpaceRole.OWNER)


def add_member(space: Space, user: Any, *, role: str = SpaceRole.MEMBER, **extra: Any) -> Membership:
    """Add a membership and keep the space's member count right, as the actions do."""
    if role == SpaceRole.GUEST and "expires_at" not in extra:
        extra["expires_at"] = timezone.now() + timedelta(days=90)
    membership = Membership.objects.create(space=space, user=user, role=role, **extra)
    space.member_count = Membership.objects.filter(space=space).count()
    space.save(update_fields=["member_count"])
    if hasattr(user, "_plein_space_roles"):
        del user._plein_space_roles
    return membership
