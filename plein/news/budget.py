"""The attention budget: how many must-reads one person may receive in a week."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plein.core.selectors import get_site_settings
from plein.news.audience import audience_users, audience_users_for
from plein.news.models import NewsItem


def week_of(moment: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday, in the site's time zone."""
    local = timezone.localtime(moment)
    monday = (local - datetime.timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday, monday + datetime.timedelta(days=7)


def must_reads_in_week(moment: datetime.datetime, *, exclude_pk: int | None = None) -> list[NewsItem]:
    """Must-reads published, or scheduled, in the week of ``moment``."""
    start, end = week_of(moment)
    published = Q(live=True, go_live_at__isnull=True, first_published_at__gte=start, first_published_at__lt=end)
    scheduled = Q(go_live_at__gte=start, go_live_at__lt=end)
    items = NewsItem.objects.filter(published | scheduled, must_read=True)
    if exclude_pk is not None:
        items = items.exclude(pk=exclude_pk)
    return list(items.prefetch_related("audience_departments", "audience_locations", "audience_spaces"))


def people_over_budget(
    *,
    exclude_pk: int | None,
    publish_at: datetime.datetime,
    everyone: bool,
    departments: list[Any],
    locations: list[Any],
    spaces: list[Any],
) -> tuple[int, int]:
    """(people in the new item's audience who already have the week's budget of must-reads, the budget)."""
    budget = get_site_settings().must_read_weekly_budget
    counts: Counter[int] = Counter()
    for other in must_reads_in_week(publish_at, exclude_pk=exclude_pk):
        counts.update(audience_users(other).values_list("pk", flat=True))
    full = {person for person, count in counts.items() if count >= budget}
    if not full:
        return 0, budget
    audience = audience_users_for(
        everyone=everyone,
        department_paths=[d.path for d in departments],
        location_ids=[loc.pk for loc in locations],
        space_ids=[s.pk for s in spaces],
    ).values_list("pk", flat=True)
    return len(full.intersection(audience)), budget
