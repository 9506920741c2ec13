"""Writes on spaces: one function per verb, each in a transaction with its event.

Actions check permissions themselves (views may check first for a nicer
page, but an action never trusts its caller) and raise :class:`SpaceError`
with a translated message for anything a person can put right.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plein.accounts.models import User
from plein.core.events import AUDIENCE_ORG, audience_user, record_event
from plein.spaces import permissions
from plein.spaces.models import (
    JoinRequest,
    Membership,
    RequestStatus,
    Space,
    SpaceRole,
    SpaceVisibility,
)

# Settings an owner may change on the settings page; auto-membership rules are for administrators.
OWNER_FIELDS = (
    "name",
    "kind",
    "description",
    "about",
    "department",
    "visibility",
    "join_policy",
    "posting",
    "members_can_invite",
)
ADMIN_FIELDS = ("auto_department", "auto_location")


class SpaceError(ValidationError):
    """Something the person can put right; the message is translated and shown as is."""


def space_audience(space: Space) -> list[str]:
    """Who may learn of events about the space: the organisation for open and closed spaces."""
    tokens = [f"space:{space.pk}"]
    if space.visibility != SpaceVisibility.SECRET:
        tokens.append(AUDIENCE_ORG)
    return tokens


# Addresses under /ruimtes/ that are pages of their own, so no space may take them.
RESERVED_SLUGS = frozenset({"nieuw", "gasten", "uitnodiging"})


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:120] or "ruimte"
    slug, number = base, 1
    taken = Space.objects.exclude(pk=exclude_pk) if exclude_pk else Space.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _recount(space: Space) -> None:
    space.member_count = Membership.objects.filter(
        permissions.current_memberships(), space=space, user__is_active=True
    ).count()
    space.save(update_fields=["member_count"])


def _add(space: Space, user: User, *, role: str, invited_by: Any = None, **extra: Any) -> Membership:
    membership, created = Membership.objects.get_or_create(
        space=space, user=user, defaults={"role": role, "invited_by": invited_by, **extra}
    )
    if not created and not membership.is_current():
        # An ended guest membership comes back to life with the new terms.
        membership.role, membership.invited_by, membership.joined_at = role, invited_by, timezone.now()
        for field, value in extra.items():
            setattr(membership, field, value)
        membership.expiry_reminded_at = None
        membership.save()
    permissions.forget_roles(user)
    return membership


def create_space(*, actor: User, image: File[Any] | None = None, **fields: Any) -> Space:
    """Create a space with the actor as its first owner."""
    if not permissions.can_create_space(actor):
        raise PermissionDenied
    allowed = {k: v for k, v in fields.items() if k in OWNER_FIELDS}
    with transaction.atomic():
        space = Space(**allowed, created_by=actor)
        space.slug = _unique_slug(space.name)
        space.full_clean(exclude=["image"])
        space.save()
        _add(space, actor, role=SpaceRole.OWNER)
        _recount(space)
        if image is not None:
            _store_image(space, image)
        record_event(kind="space.created", actor=actor, subject=space, audience=space_audience(space))
    return space


def _store_image(space: Space, image: File[Any]) -> None:
    from plein.people.photos import square_renditions

    large, small = square_renditions(image)
    space.image.save(f"{space.slug}.jpg", large, save=False)
    space.image_small.save(f"{space.slug}.jpg", small, save=False)
    space.save(update_fields=["image", "image_small"])


def update_space(*, actor: User, space: Space, changes: dict[str, Any], image: File[Any] | None = None) -> Space:
    """Save changed settings. Raises ``plein.people.photos.PhotoError`` for a bad image."""
    if not permissions.can_manage(actor, space):
        raise PermissionDenied
    fields = OWNER_FIELDS + (ADMIN_FIELDS if permissions.is_admin(actor) else ())
    allowed = {k: v for k, v in changes.items() if k in fields}
    with transaction.atomic():
        for field, value in allowed.items():
            setattr(space, field, value)
        space.full_clean(exclude=["image", "slug"])
        space.save(update_fields=list(allowed) or None)
        if image is not None:
            _store_image(space, image)
        if set(allowed) & set(ADMIN_FIELDS):
            sync_auto_memberships(space=space)
        record_event(
            kind="space.updated",
            actor=actor,
            subject=space,
            audience=space_audience(space),
            payload={"fields": sorted(allowed) + (["image"] if image is not None else [])},
        )
    return space


def join_space(*, actor: User, space: Space) -> Membership:
    if not permissions.can_join(actor, space):
        raise SpaceError(_("You cannot join this space yourself."))
    with transaction.atomic():
        membership = _add(space, actor, role=SpaceRole.MEMBER)
        _recount(space)
        record_event(kind="space.member_joined", actor=actor, subject=space, audience=space_audience(space))
    return membership


def request_to_join(*, actor: User, space: Space, message: str = "") -> JoinRequest:
    if not permissions.can_request_to_join(actor, space):
        raise SpaceError(_("You cannot ask to join this space."))
    with transaction.atomic():
        existing = JoinRequest.objects.select_for_update().filter(space=space, user=actor, status=RequestStatus.PENDING)
        if existing.exists():
            raise SpaceError(_("You have already asked to join; the moderators will answer soon."))
        request = JoinRequest.objects.create(space=space, user=actor, message=message.strip()[:1000])
        record_event(
            kind="space.join_requested",
            actor=actor,
            subject=request,
            audience=[audience_user(uid) for uid in moderator_ids(space)],
            payload={"space": space.pk},
        )
    return request


def withdraw_request(*, actor: User, request: JoinRequest) -> None:
    if request.user_id != actor.pk or request.status != RequestStatus.PENDING:
        raise PermissionDenied
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])


def decide_request(*, actor: User, request: JoinRequest, approve: bool, response: str = "") -> JoinRequest:
    space = request.space
    if not permissions.can_moderate(actor, space):
        raise PermissionDenied
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.PENDING:
            raise SpaceError(_("This request has already been answered."))
        locked.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
        locked.decided_by, locked.decided_at, locked.response = actor, timezone.now(), response.strip()[:1000]
        locked.save(update_fields=["status", "decided_by", "decided_at", "response"])
        if approve and locked.user.is_active:
            _add(space, locked.user, role=SpaceRole.MEMBER, invited_by=actor)
            _recount(space)
        record_event(
            kind="space.request_decided",
            actor=actor,
            subject=locked,
            audience=[audience_user(locked.user_id)],
            payload={"space": space.pk, "approved": approve},
        )
    return locked


def add_members(*, actor: User, space: Space, people: list[User]) -> list[Membership]:
    """Add colleagues by name; each is told by a notification. Guests join only through an invitation."""
    if not permissions.can_invite(actor, space):
        raise PermissionDenied
    added = []
    with transaction.atomic():
        for person in people:
            if not (person.is_active and person.kind == "employee"):
                raise SpaceError(_("%(name)s cannot be added to a space.") % {"name": person.display_name})
            if permissions.is_member(person, space):
                continue
            added.append(_add(space, person, role=SpaceRole.MEMBER, invited_by=actor))
        if added:
            _recount(space)
            record_event(
                kind="space.members_added",
                actor=actor,
                subject=space,
                audience=[audience_user(m.user_id) for m in added],
                payload={"users": [m.user_id for m in added]},
            )
    return added


def _guard_last_owner(space: Space, membership: Membership) -> None:
    if membership.role != SpaceRole.OWNER:
        return
    others = Membership.objects.filter(permissions.current_memberships(), space=space, role=SpaceRole.OWNER)
    if not others.exclude(pk=membership.pk).filter(user__is_active=True).exists():
        raise SpaceError(_("A space needs at least one owner. Make someone else owner first."))


def leave_space(*, actor: User, space: Space) -> None:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(space=space, user=actor).first()
        if membership is None:
            raise SpaceError(_("You are not a member of this space."))
        if membership.automatic:
            raise SpaceError(
                _("Everyone in your department or location is a member of this space; you cannot leave it.")
            )
        _guard_last_owner(space, membership)
        membership.delete()
        permissions.forget_roles(actor)
        _recount(space)
        record_event(kind="space.member_left", actor=actor, subject=space, audience=space_audience(space))


def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Owners (and administrators) change roles; a guest stays a guest."""
    space = membership.space
    if not permissions.can_manage(actor, space) or role not in SpaceRole.values:
        raise PermissionDenied
    if (membership.role == SpaceRole.GUEST) != (role == SpaceRole.GUEST):
        raise SpaceError(_("External guests keep the guest role; colleagues cannot become guests."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != SpaceRole.OWNER:
            _guard_last_owner(space, locked)
        # A role given by hand makes the membership deliberate: the automatic rule no longer removes it.
        locked.role, locked.automatic = role, False
        locked.save(update_fields=["role", "automatic"])
        permissions.forget_roles(locked.user)
        record_event(
            kind="space.role_changed",
            actor=actor,
            subject=space,
            audience=[audience_user(locked.user_id)],
            payload={"user": locked.user_id, "role": role},
        )
    return locked


def remove_member(*, actor: User, membership: Membership) -> None:
    """Moderators remove members and guests; only owners remove moderators and owners."""
    space = membership.space
    if not permissions.can_moderate(actor, space):
        raise PermissionDenied
    if membership.is_moderator and not permissions.can_manage(actor, space):
        raise PermissionDenied
    if membership.automatic:
        raise SpaceError(
            _("Everyone in this department or location is a member automatically; they cannot be removed.")
        )
    with transaction.atomic():
        _guard_last_owner(space, membership)
        membership.delete()
        permissions.forget_roles(membership.user)
        _recount(space)
        record_event(
            kind="space.member_removed",
            actor=actor,
            subject=space,
            audience=[audience_user(membership.user_id)],
            payload={"user": membership.user_id},
        )


def extend_guest_access(*, actor: User, membership: Membership, until: datetime) -> Membership:
    if not permissions.can_moderate(actor, membership.space) or membership.role != SpaceRole.GUEST:
        raise PermissionDenied
    if until <= timezone.now():
        raise SpaceError(_("Choose a date in the future."))
    if until > timezone.now() + timedelta(days=730):
        raise SpaceError(_("Guest access can be given for at most two years at a time."))
    with transaction.atomic():
        membership.expires_at, membership.expiry_reminded_at = until, None
        membership.save(update_fields=["expires_at", "expiry_reminded_at"])
        record_event(
            kind="space.guest_extended",
            actor=actor,
            subject=membership.space,
            audience=[audience_user(membership.user_id)],
            payload={"user": membership.user_id, "until": until.isoformat()},
        )
    return membership


def archive_space(*, actor: User, space: Space) -> Space:
    if not permissions.can_manage(actor, space):
        raise PermissionDenied
    with transaction.atomic():
        space.archived_at = timezone.now()
        space.save(update_fields=["archived_at"])
        record_event(kind="space.archived", actor=actor, subject=space, audience=space_audience(space))
    return space


def restore_space(*, actor: User, space: Space) -> Space:
    if not permissions.can_manage(actor, space):
        raise PermissionDenied
    with transaction.atomic():
        space.archived_at = None
        space.save(update_fields=["archived_at"])
        record_event(kind="space.restored", actor=actor, subject=space, audience=space_audience(space))
    return space


def delete_space(*, actor: User, space: Space, confirm_name: str) -> None:
    """Delete a space and everything in it; the name must be typed to confirm."""
    if not permissions.can_delete(actor, space):
        raise PermissionDenied
    if confirm_name.strip() != space.name:
        raise SpaceError(_("Type the name of the space exactly to confirm."))
    with transaction.atomic():
        audience = space_audience(space)
        record_event(kind="space.deleted", actor=actor, subject=space, audience=audience, payload={"name": space.name})
        from plein.stream.actions import remove_space_files_after_commit

        remove_space_files_after_commit(space=space)  # its posts' attachment files, once this commits
        space.delete()


def moderator_ids(space: Space) -> list[int]:
    return list(
        Membership.objects.filter(
            permissions.current_memberships(),
            space=space,
            role__in=[SpaceRole.OWNER, SpaceRole.MODERATOR],
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def _auto_rule(space: Space) -> Q | None:
    """Which employees the space's automatic membership rule covers."""
    rules = Q()
    if space.auto_department_id:
        rules |= Q(profile__department__path__startswith=space.auto_department.path)  # type: ignore[union-attr]
    if space.auto_location_id:
        rules |= Q(profile__location_id=space.auto_location_id)
    return rules or None


def sync_auto_memberships(*, space: Space) -> tuple[int, int]:
    """Bring automatic memberships in line with the space's rule. Returns (added, removed).

    Members who joined by themselves keep their membership when the rule no
    longer covers them; only automatic memberships follow the rule.
    """
    rule = _auto_rule(space)
    with transaction.atomic():
        current = set(Membership.objects.filter(space=space).values_list("user_id", flat=True))
        wanted: set[int] = set()
        if rule is not None:
            wanted = set(User.objects.filter(rule, is_active=True, kind="employee").values_list("pk", flat=True))
        new = wanted - current
        Membership.objects.bulk_create(
            [Membership(space=space, user_id=uid, role=SpaceRole.MEMBER, automatic=True) for uid in new],
            batch_size=1000,
        )
        stale = Membership.objects.filter(space=space, automatic=True, role=SpaceRole.MEMBER).exclude(
            user_id__in=wanted
        )
        removed = stale.count()
        stale.delete()
        if new or removed:
            _recount(space)
            record_event(
                kind="space.auto_synced",
                subject=space,
                audience=[f"space:{space.pk}"],
                payload={"added": len(new), "removed": removed},
            )
    return len(new), removed


def sync_person_auto_memberships(*, user_id: int) -> None:
    """After someone moved department or location: re-check every space with a rule."""
    for space in Space.objects.filter(Q(auto_department__isnull=False) | Q(auto_location__isnull=False)).select_related(
        "auto_department"
    ):
        rule = _auto_rule(space)
        covered = rule is not None and User.objects.filter(rule, pk=user_id, is_active=True, kind="employee").exists()
        membership = Membership.objects.filter(space=space, user_id=user_id).first()
        with transaction.atomic():
            if covered and membership is None:
                Membership.objects.create(space=space, user_id=user_id, role=SpaceRole.MEMBER, automatic=True)
            elif (
                not covered and membership is not None and membership.automatic and membership.role == SpaceRole.MEMBER
            ):
                membership.delete()
            else:
                continue
            _recount(space)
