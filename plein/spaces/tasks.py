"""Work the worker does on a schedule for spaces: guest access that is about to end, or has ended."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from plein.core.events import audience_user, record_event
from plein.spaces.actions import _recount, moderator_ids
from plein.spaces.models import Membership, SpaceRole
from plein.spaces.selectors import guest_users_without_access

REMIND_DAYS_BEFORE = 7


def review_guest_access() -> dict[str, int]:
    """Remind owners a week before a guest's access ends; end what has ended.

    Idempotent: a reminder is marked on the membership, an ended membership is
    deleted, so a second worker or a second run does nothing more.
    """
    now = timezone.now()
    reminded = ended = deactivated = 0
    due = Membership.objects.filter(
        role=SpaceRole.GUEST,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=REMIND_DAYS_BEFORE),
        expiry_reminded_at__isnull=True,
    ).select_related("space", "user")
    for membership in due[:500]:
        with transaction.atomic():
            if not Membership.objects.filter(pk=membership.pk, expiry_reminded_at__isnull=True).update(
                expiry_reminded_at=now
            ):
                continue
            record_event(
                kind="space.guest_expiring",
                subject=membership.space,
                audience=[audience_user(uid) for uid in moderator_ids(membership.space)],
                payload={"user": membership.user_id, "membership": membership.pk},
            )
            reminded += 1
    for membership in Membership.objects.filter(expires_at__lte=now).select_related("space")[:500]:
        with transaction.atomic():
            if not Membership.objects.filter(pk=membership.pk).delete()[0]:
                continue
            _recount(membership.space)
            record_event(
                kind="space.guest_ended",
                subject=membership.space,
                audience=[audience_user(membership.user_id)],
                payload={"user": membership.user_id},
            )
            ended += 1
    # A guest with no space left cannot log in; a new invitation opens the account again.
    deactivated = guest_users_without_access().filter(space_memberships__isnull=True).update(is_active=False)
    return {"reminded": reminded, "ended": ended, "deactivated": deactivated}
