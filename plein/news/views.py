"""Readers' pages for news: the overview, a news item, confirming a must-read; and the
editor's statistics, CSV export and "promote a post to news"."""

from __future__ import annotations

import csv
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.accounts.decorators import employee_required
from plein.core.pagination import paginate
from plein.news import actions, permissions, selectors
from plein.news.audience import describe
from plein.news.models import NewsItem
from plein.news.selectors_discussion import discussion
from plein.stream.selectors import post_for

NEWS_PAGE_SIZE = 12


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("categorie", "")
    month = _month(request.GET.get("maand", ""))
    items = selectors.news_for(request.user, category=category, month=month)
    context = {
        "page": paginate(request, items, NEWS_PAGE_SIZE),
        "categories": selectors.categories(request.user),
        "months": selectors.archive_months(request.user),
        "category": category,
        "month": month,
        "must_reads": list(selectors.pending_must_reads(request.user)[:5]),
        "is_editor": permissions.is_editor(request.user),
    }
    return render(request, "news/overview.html", context)


@login_required
def item(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "news/item.html", item_context(request, selectors.news_item_for(request.user, slug)))


def item_context(request: HttpRequest, news: NewsItem, **extra: Any) -> dict[str, Any]:
    """What the news item page shows; ``extra`` carries a refused comment form (its text kept)."""
    confirmation = None
    can_confirm = permissions.can_confirm(request.user, news)
    if can_confirm:
        confirmation = selectors.confirmation_of(request.user, news) or actions.record_opened(
            user=request.user, item=news
        )
    is_editor = permissions.is_editor(request.user)
    return {
        "item": news,
        "can_confirm": can_confirm,
        "confirmation": confirmation,
        "related": selectors.related_news(request.user, news),
        "is_editor": is_editor,
        "audience": describe(news) if is_editor else None,
        "discussion": discussion(request.user, news),
        "form": None,
        "form_parent": None,
        **extra,
    }


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    try:
        actions.confirm_read(user=request.user, item=news)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Thank you: you confirmed that you have read and understood this."))
    return redirect(news.reader_url)


@employee_required
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    if not permissions.can_see_statistics(request.user, news):
        raise Http404
    try:
        depth = min(max(int(request.GET.get("niveau", "2")), 1), 6)
    except ValueError:
        depth = 2
    context = {"item": news, "stats": selectors.statistics(news, depth=depth), "depth": depth}
    return render(request, "news/statistics.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@employee_required
def unconfirmed_csv(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_item_for(request.user, slug)
    if not permissions.can_see_statistics(request.user, news):
        raise Http404
    writer = csv.writer(_Echo())
    header = [_("Name"), _("E-mail address"), _("Department")]

    def rows():  # type: ignore[no-untyped-def]
        yield "\ufeff" + writer.writerow(header)  # a BOM so spreadsheet programs read UTF-8
        for person in selectors.unconfirmed_people(news).iterator(chunk_size=2000):
            department = getattr(getattr(person, "profile", None), "department", None)
            yield writer.writerow([person.display_name, person.email, str(department or "")])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"niet-bevestigd-{slugify(news.slug)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response  # type: ignore[return-value]


@employee_required
@require_POST
def promote(request: HttpRequest, post_id: int) -> HttpResponse:
    if not permissions.can_promote(request.user):
        raise Http404
    post = post_for(request.user, post_id)
    try:
        news = actions.promote_post(editor=request.user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(post.get_absolute_url())
    messages.success(request, _("A draft news item was made from this post. Finish it and submit it for review."))
    return redirect(actions.editor_url(news))


def not_served(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail builds page addresses by reversing ``wagtail_serve``; Plein serves its pages itself
    (above), so any other address that reaches here does not exist."""
    raise Http404
