"""Event-spine consumer that turns domain events into notifications."""

from __future__ import annotations

from django.urls import reverse

from plein.accounts.models import User, UserKind
from plein.core.models import Event
from plein.notifications.actions import notify

KINDS = ("user.created",)


def handle(event: Event) -> None:
    if event.kind == "user.created":
        user = User.objects.filter(pk=event.subject_id, kind=UserKind.EMPLOYEE).first()
        if user is not None:
            notify(recipient_id=user.pk, kind="welcome", event=event, url=reverse("people:profile", args=[user.pk]))
