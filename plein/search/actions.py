"""Writes of search: anonymous, aggregated statistics (per day and folded query, never who searched).

These counters record no domain event: an event names its actor, and these
numbers must not be traceable to a person.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from plein.search.analysis import normalise
from plein.search.models import QueryStat


def _count(query: str, field: str) -> None:
    folded = normalise(query)
    if not folded:
        return
    day = timezone.localdate()
    # One UPDATE is atomic on its own; only the first search of the day inserts (in a savepoint, for the race).
    if QueryStat.objects.filter(day=day, query=folded).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            QueryStat.objects.create(day=day, query=folded, **{field: 1})
    except IntegrityError:  # someone else created today's row first
        QueryStat.objects.filter(day=day, query=folded).update(**{field: F(field) + 1})


def record_search_without_results(*, query: str) -> None:
    _count(query, "without_results")


def record_found_answer(*, query: str, found: bool) -> None:
    """The answer to "Did you find what you were looking for?"."""
    _count(query, "found_yes" if found else "found_no")
