"""Writes on people: one function per verb, each in a transaction with its event."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q

from plein.accounts.models import User
from plein.core.events import AUDIENCE_ORG, audience_user, record_event
from plein.core.models import Interaction, InteractionKind
from plein.core.text import fold, squash_spaces
from plein.people import permissions
from plein.people.models import Endorsement, Profile, Skill
from plein.people.search import refresh_search_text

# Fields a person may change on their own profile (unless a source manages them).
EDITABLE_FIELDS = ("function", "department", "manager", "location", *permissions.OPTIONAL_FIELDS, "visibility")
MAX_SKILLS = 30


def skill_for_name(name: str) -> Skill:
    """The vocabulary skill for a typed name, created when new ("GIS" and "gis" are one skill)."""
    clean = squash_spaces(name)[:80]
    if not clean:
        raise ValueError("A skill needs a name.")
    # A skill stored without its folded form (made by hand or by an old import) still matches by name.
    existing = Skill.objects.filter(Q(normalized=fold(clean)) | Q(name__iexact=clean)).order_by("-normalized").first()
    if existing is not None:
        return existing
    skill, _created = Skill.objects.get_or_create(normalized=fold(clean), defaults={"name": clean})
    return skill


def update_profile(
    *, actor: User, profile: Profile, changes: dict[str, Any], skills: list[str] | None = None
) -> Profile:
    """Save validated profile changes. Fields managed by an HR or directory source are left alone."""
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    locked = set(profile.managed_fields or []) if actor.pk == profile.user_id else set()
    allowed = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS and k not in locked}
    with transaction.atomic():
        for field, value in allowed.items():
            setattr(profile, field, value)
        profile.save(update_fields=[*allowed, "updated_at"])
        if skills is not None:
            profile.skills.set([skill_for_name(name) for name in skills[:MAX_SKILLS] if name.strip()])
        refresh_search_text([profile.pk])
        record_event(
            kind="profile.updated",
            actor=actor,
            subject=profile.user,
            audience=[AUDIENCE_ORG],
            payload={"fields": sorted(allowed) + (["skills"] if skills is not None else [])},
        )
    return profile


def set_photo(*, actor: User, profile: Profile, image: File[Any]) -> Profile:
    """Store a new profile photo as square renditions with metadata stripped.

    Raises ``plein.people.photos.PhotoError`` (with a translated message) for
    anything that is not a safe, reasonably sized image.
    """
    from plein.people.photos import square_renditions

    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    large, small = square_renditions(image)
    old = [str(f.name) for f in (profile.photo, profile.photo_small) if f]
    with transaction.atomic():
        profile.photo.save(f"{profile.user_id}.jpg", large, save=False)
        profile.photo_small.save(f"{profile.user_id}.jpg", small, save=False)
        profile.save(update_fields=["photo", "photo_small", "updated_at"])
        record_event(kind="profile.photo_changed", actor=actor, subject=profile.user, audience=[AUDIENCE_ORG])
        transaction.on_commit(lambda: _delete_files(old))
    return profile


def remove_photo(*, actor: User, profile: Profile) -> Profile:
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    old = [str(f.name) for f in (profile.photo, profile.photo_small) if f]
    with transaction.atomic():
        profile.photo = ""
        profile.photo_small = ""
        profile.save(update_fields=["photo", "photo_small", "updated_at"])
        record_event(kind="profile.photo_changed", actor=actor, subject=profile.user, audience=[AUDIENCE_ORG])
        transaction.on_commit(lambda: _delete_files(old))
    return profile


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def endorse(*, endorser: User, person: User, skill: Skill) -> Endorsement:
    """Vouch for a skill the person lists; repeating it changes nothing."""
    if not permissions.can_endorse(endorser, person):
        raise PermissionDenied
    if not person.profile.skills.filter(pk=skill.pk).exists():
        raise ValueError("Only skills on the profile can be endorsed.")
    with transaction.atomic():
        endorsement, created = Endorsement.objects.get_or_create(endorser=endorser, person=person, skill=skill)
        if created:
            record_event(
                kind="skill.endorsed",
                actor=endorser,
                subject=person,
                audience=[audience_user(person.pk)],
                payload={"skill": skill.pk},
            )
    return endorsement


def withdraw_endorsement(*, endorser: User, person: User, skill: Skill) -> None:
    with transaction.atomic():
        deleted, _ = Endorsement.objects.filter(endorser=endorser, person=person, skill=skill).delete()
        if deleted:
            record_event(
                kind="skill.endorsement_withdrawn",
                actor=endorser,
                subject=person,
                audience=[audience_user(person.pk)],
                payload={"skill": skill.pk},
            )


def follow(*, user: User, person: User) -> None:
    if not permissions.can_follow(user, person):
        raise PermissionDenied
    with transaction.atomic():
        _interaction, created = Interaction.objects.get_or_create(
            user=user,
            kind=InteractionKind.FOLLOW,
            target_type=ContentType.objects.get_for_model(User),
            target_id=person.pk,
        )
        if created:
            record_event(kind="person.followed", actor=user, subject=person, audience=[audience_user(person.pk)])


def unfollow(*, user: User, person: User) -> None:
    with transaction.atomic():
        deleted, _ = Interaction.objects.filter(
            user=user,
            kind=InteractionKind.FOLLOW,
            target_type=ContentType.objects.get_for_model(User),
            target_id=person.pk,
        ).delete()
        if deleted:
            record_event(kind="person.unfollowed", actor=user, subject=person, audience=[audience_user(user.pk)])


def merge_skills(*, actor: User, keep: Skill, duplicates: list[Skill]) -> Skill:
    """Fold duplicate skills into one: profiles and endorsements move to ``keep``."""
    if not actor.is_superuser:
        raise PermissionDenied
    others = [s for s in duplicates if s.pk != keep.pk]
    with transaction.atomic():
        through = Profile.skills.through
        affected = set(through.objects.filter(skill__in=others).values_list("profile_id", flat=True))
        have_keep = set(
            through.objects.filter(skill=keep, profile_id__in=affected).values_list("profile_id", flat=True)
        )
        through.objects.bulk_create([through(profile_id=pid, skill=keep) for pid in affected - have_keep])
        for endorsement in Endorsement.objects.filter(skill__in=others):
            Endorsement.objects.get_or_create(endorser=endorsement.endorser, person=endorsement.person, skill=keep)
        Skill.objects.filter(pk__in=[s.pk for s in others]).delete()
        refresh_search_text(affected)
        record_event(
            kind="skill.merged",
            actor=actor,
            subject=keep,
            audience=[AUDIENCE_ORG],
            payload={"merged": [s.pk for s in others]},
        )
    return keep
