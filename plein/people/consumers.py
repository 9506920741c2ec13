"""Event-spine consumer for people: keep the directory's search text in step with the organisation."""

from __future__ import annotations

from plein.core.models import Event
from plein.people.models import Profile
from plein.people.search import refresh_search_text

KINDS = ("org.department_changed", "org.location_changed")
BATCH = 2000


def handle(event: Event) -> None:
    """A renamed unit or location changes the search text of everyone in it."""
    if "name" not in event.payload.get("fields", []) or not event.subject_id:
        return
    column = "department_id" if event.kind == "org.department_changed" else "location_id"
    ids = list(Profile.objects.filter(**{column: int(event.subject_id)}).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        refresh_search_text(ids[start : start + BATCH])
