"""Reads of editorial content, with the audience applied (plein/news/audience.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.utils import timezone

from plein.news import permissions
from plein.news.audience import audience_users, targeting
from plein.news.models import (
    NewsCategory,
    NewsIndexPage,
    NewsItem,
    PageReview,
    ProcessIndexPage,
    ProcessPage,
    ReadConfirmation,
)
from plein.org.models import PATH_STEP, Department

STATISTICS_AFTER_DAYS = (1, 3, 7)


def published(model: Any) -> QuerySet[Any]:
    """Live and not expired (NewsItem or ProcessPage)."""
    return model.objects.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))


def news_for(viewer: Any, *, category: str = "", month: datetime.date | None = None) -> QuerySet[NewsItem]:
    """Published news whose audience includes ``viewer``, newest first."""
    items = published(NewsItem).filter(targeting(NewsItem, viewer))
    if category:
        items = items.filter(category__slug=category)
    if month:
        items = items.filter(first_published_at__year=month.year, first_published_at__month=month.month)
    return items.select_related("category", "image", "author", "owner").order_by("-first_published_at", "-pk")


def news_item_for(viewer: Any, slug: str) -> NewsItem:
    item = (
        published(NewsItem)
        .filter(slug=slug)
        .select_related("category", "image", "author", "owner")
        .prefetch_related("audience_departments", "audience_locations", "audience_spaces")
        .first()
    )
    if item is None or not permissions.can_read(viewer, item):
        raise Http404
    return item


def categories(viewer: Any) -> list[NewsCategory]:
    """Categories that hold news for ``viewer``."""
    visible = news_for(viewer).filter(category=OuterRef("pk"))
    return list(NewsCategory.objects.filter(Exists(visible)))


def archive_months(viewer: Any) -> list[dict[str, Any]]:
    """[{"month": date, "count": n}], newest first."""
    rows = (
        news_for(viewer)
        .order_by()
        .annotate(month=TruncMonth("first_published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [{"month": row["month"], "count": row["count"]} for row in rows if row["month"]]


def related_news(viewer: Any, item: NewsItem, *, limit: int = 3) -> list[NewsItem]:
    if item.category_id is None:
        return []
    return list(news_for(viewer).filter(category_id=item.category_id).exclude(pk=item.pk)[:limit])


def pending_must_reads(viewer: Any) -> QuerySet[NewsItem]:
    """Must-reads for ``viewer`` that they have not confirmed, the nearest deadline first."""
    confirmed = ReadConfirmation.objects.filter(news_item=OuterRef("pk"), user=viewer, confirmed_at__isnull=False)
    return (
        news_for(viewer)
        .filter(must_read=True)
        .exclude(Exists(confirmed))
        .order_by("must_read_deadline", "-first_published_at")
    )


def confirmation_of(viewer: Any, item: NewsItem) -> ReadConfirmation | None:
    return ReadConfirmation.objects.filter(news_item=item, user_id=viewer.pk).first()


def news_index() -> NewsIndexPage | None:
    return NewsIndexPage.objects.first()


@dataclass
class UnitRow:
    name: str
    audience: int
    opened: int
    confirmed: int
    after_days: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.confirmed / self.audience if self.audience else 0.0

    def rates_after(self) -> list[float]:
        return [n / self.audience if self.audience else 0.0 for n in self.after_days]


@dataclass
class Statistics:
    audience: int
    opened: int
    confirmed: int
    units: list[UnitRow]
    after_days: tuple[int, ...] = STATISTICS_AFTER_DAYS

    @property
    def rate(self) -> float:
        return self.confirmed / self.audience if self.audience else 0.0


def statistics(item: NewsItem, *, depth: int = 2) -> Statistics:
    """Audience size, opened and confirmed, per unit at ``depth`` in the organisation tree,
    with the confirmation rate 1, 3 and 7 days after publication. Four queries."""
    width = depth * PATH_STEP
    audience_rows = (
        audience_users(item)
        .annotate(unit=Substr("profile__department__path", 1, width))
        .values("unit")
        .annotate(count=Count("pk"))
    )
    audience = {row["unit"] or "": row["count"] for row in audience_rows}
    published = item.first_published_at or timezone.now()
    windows = {
        f"after_{days}": Count(
            "pk", filter=Q(confirmed_at__lte=published + datetime.timedelta(days=days), confirmed_at__isnull=False)
        )
        for days in STATISTICS_AFTER_DAYS
    }
    reading_rows = (
        ReadConfirmation.objects.filter(news_item=item)
        .annotate(unit=Substr("department__path", 1, width))
        .values("unit")
        .annotate(opened=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)), **windows)
    )
    reading: dict[str, dict[str, Any]] = {row["unit"] or "": dict(row) for row in reading_rows}
    names = dict(Department.objects.filter(path__in=[u for u in audience if u]).values_list("path", "name"))
    units = []
    for unit, size in audience.items():
        row = reading.get(unit, {})
        units.append(
            UnitRow(
                name=names.get(unit, "") if unit else "",
                audience=size,
                opened=row.get("opened", 0),
                confirmed=row.get("confirmed", 0),
                after_days=[row.get(f"after_{days}", 0) for days in STATISTICS_AFTER_DAYS],
            )
        )
    units.sort(key=lambda u: (u.rate, u.name))
    return Statistics(
        audience=sum(audience.values()),
        opened=sum(u.opened for u in units),
        confirmed=sum(u.confirmed for u in units),
        units=units,
    )


def unconfirmed_people(item: NewsItem) -> QuerySet[Any]:
    """People in the audience who have not confirmed, for the editor's CSV export."""
    confirmed = ReadConfirmation.objects.filter(news_item=item, user=OuterRef("pk"), confirmed_at__isnull=False)
    return (
        audience_users(item)
        .exclude(Exists(confirmed))
        .select_related("profile__department")
        .order_by("last_name", "first_name", "pk")
    )


# --- Work processes ---------------------------------------------------------


def process_index() -> ProcessIndexPage | None:
    return ProcessIndexPage.objects.first()


def process_pages_for(viewer: Any) -> QuerySet[ProcessPage]:
    return published(ProcessPage).filter(targeting(ProcessPage, viewer)).order_by("path")


def process_page_for(viewer: Any, url_path: str) -> ProcessPage:
    page = (
        published(ProcessPage)
        .filter(url_path=url_path)
        .select_related("page_owner", "review")
        .prefetch_related("audience_departments", "audience_locations", "audience_spaces", "documents__document")
        .first()
    )
    if page is None or not permissions.can_read(viewer, page):
        raise Http404
    return page


def review_of(page: ProcessPage) -> PageReview | None:
    try:
        return page.review
    except PageReview.DoesNotExist:
        return None


def children_for(viewer: Any, page: Any) -> list[ProcessPage]:
    return list(process_pages_for(viewer).filter(path__startswith=page.path, depth=page.depth + 1))


def pages_due_for_review(today: datetime.date, *, warn_days: int = 14) -> QuerySet[ProcessPage]:
    """Published pages whose review date is within ``warn_days`` and whose owner was not yet reminded of it."""
    reminded = PageReview.objects.filter(page=OuterRef("pk"), reminded_for=OuterRef("review_date"))
    return (
        published(ProcessPage)
        .filter(review_date__lte=today + datetime.timedelta(days=warn_days), page_owner__isnull=False)
        .exclude(Exists(reminded))
        .select_related("page_owner")
    )


def ancestors_for(viewer: Any, page: ProcessPage, index: Any) -> list[ProcessPage]:
    """The page's parents below the overview that ``viewer`` may see, top first (for the breadcrumb)."""
    step = ProcessPage.steplen
    paths = [page.path[:end] for end in range(len(index.path) + step, len(page.path), step)]
    return list(process_pages_for(viewer).filter(path__in=paths)) if paths else []
