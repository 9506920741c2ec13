"""Event-spine consumer for spaces: tell the right people, keep automatic memberships in step."""

from __future__ import annotations

from django.urls import reverse

from plein.core.models import Event
from plein.notifications.actions import notify
from plein.spaces import actions
from plein.spaces.models import JoinRequest, Space

KINDS = (
    "space.join_requested",
    "space.request_decided",
    "space.members_added",
    "space.guest_joined",
    "space.guest_expiring",
    "space.role_changed",
    "profile.updated",
    "people.imported",
    "user.created",
    "org.department_changed",
)
MOVE_FIELDS = {"department", "location"}


def handle(event: Event) -> None:
    if event.kind in ("profile.updated", "user.created"):
        fields = set(event.payload.get("fields", MOVE_FIELDS))
        if fields & MOVE_FIELDS and event.subject_id:
            actions.sync_person_auto_memberships(user_id=int(event.subject_id))
        return
    if event.kind == "org.department_changed" and "parent" not in event.payload.get("fields", []):
        return
    if event.kind in ("people.imported", "org.department_changed"):
        # A moved unit or an import can change who a department or location rule covers.
        for space in Space.objects.exclude(auto_department__isnull=True, auto_location__isnull=True):
            actions.sync_auto_memberships(space=space)
        return
    _notify(event)


def _notify(event: Event) -> None:
    payload = event.payload
    if event.kind == "space.join_requested":
        request = JoinRequest.objects.select_related("space", "user").filter(pk=event.subject_id).first()
        if request is None:
            return
        url = reverse("spaces:requests", args=[request.space.slug])
        params = {"name": request.user.display_name, "space": request.space.name}
        for uid in actions.moderator_ids(request.space):
            notify(recipient_id=uid, kind="space_join_requested", event=event, url=url, params=params)
        return
    space = Space.objects.filter(pk=payload.get("space", event.subject_id)).first()
    if space is None:
        return
    params = {"space": space.name, "name": event.actor.display_name if event.actor else ""}
    url = space.get_absolute_url()
    if event.kind == "space.request_decided":
        request = JoinRequest.objects.filter(pk=event.subject_id).first()
        if request is not None:
            kind = "space_request_approved" if payload.get("approved") else "space_request_declined"
            notify(recipient_id=request.user_id, kind=kind, event=event, url=url, params=params)
    elif event.kind == "space.members_added":
        for uid in payload.get("users", []):
            notify(recipient_id=uid, kind="space_added", event=event, url=url, params=params)
    elif event.kind == "space.role_changed":
        params["role"] = payload.get("role", "")
        notify(recipient_id=payload["user"], kind="space_role_changed", event=event, url=url, params=params)
    elif event.kind == "space.guest_joined" and payload.get("inviter"):
        notify(recipient_id=payload["inviter"], kind="space_guest_joined", event=event, url=url, params=params)
    elif event.kind == "space.guest_expiring":
        from plein.accounts.models import User

        guest = User.objects.filter(pk=payload.get("user")).first()
        params["name"] = guest.display_name if guest else ""
        members_url = reverse("spaces:members", args=[space.slug]) + "?rol=guest"
        for uid in actions.moderator_ids(space):
            notify(recipient_id=uid, kind="space_guest_expiring", event=event, url=members_url, params=params)
