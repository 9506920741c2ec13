"""The home feed's pages and endpoints: the feed itself is on the home page (plein.home.views.home);
here are its next pages (htmx), the live "N new posts" count, read marks, "mark all as read" and catch-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from plein.feed import actions, selectors
from plein.feed.models import InboxReason
from plein.feed.selectors import FeedFilter, FeedItem
from plein.news.selectors import pending_must_reads
from plein.stream.views_common import PostCard, is_htmx, post_cards, user_of

FILTERS = (
    (FeedFilter.ALL, gettext_lazy("All")),
    (FeedFilter.MUST_READ, gettext_lazy("Must read")),
    (FeedFilter.SPACES, gettext_lazy("My spaces")),
    (FeedFilter.PEOPLE, gettext_lazy("People")),
    (FeedFilter.TOPICS, gettext_lazy("Topics")),
)


@dataclass
class Entry:
    """One feed item as the page shows it: the stream's post card (none for news), why it is here, whether it
    is new."""

    item: FeedItem
    card: PostCard | None

    @property
    def reason(self) -> str:
        return reason_label(self.item)


def reason_label(item: FeedItem) -> str:
    post = item.post
    if post is None:
        return _("News from the organisation")
    if item.reason == InboxReason.MENTION:
        return _("Mentions you")
    if item.reason == InboxReason.TOPIC:
        topics = list(post.topics.all())  # prefetched
        if topics:
            return _("About #%(topic)s") % {"topic": topics[0].name}
        return _("About a topic you follow")
    if item.reason == InboxReason.SPACE and post.space is not None:
        return _("In %(space)s") % {"space": post.space.name}
    return _("From someone you follow")


def cursor(value: str | None) -> datetime | None:
    """The "load more" cursor (an ISO time); anything else means the first page."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def as_cursor(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def entries(viewer: Any, items: list[FeedItem]) -> list[Entry]:
    """The items with the stream's cards for their posts (built together: one set of queries for the page)."""
    cards = iter(post_cards(viewer, [item.post for item in items if item.post is not None]))
    return [Entry(item=item, card=next(cards) if item.post is not None else None) for item in items]


def feed_context(request: HttpRequest) -> dict[str, Any]:
    """What the feed templates need: the page's entries, filters, the cursor and the counts."""
    viewer = request.user
    feed_filter = FeedFilter.parse(request.GET.get("filter"))
    page = selectors.home_feed(viewer, feed_filter=feed_filter, before=cursor(request.GET.get("before")))
    more = ""
    if page.next_before is not None:
        more = urlencode({"filter": feed_filter, "before": as_cursor(page.next_before)})
    return {
        "feed_filter": feed_filter,
        "feed_filters": FILTERS,
        "entries": entries(viewer, page.items),
        "more_query": more,
        "new_count": page.new_count,
        "new_capped": page.new_count > selectors.NEW_COUNT_CAP,
        "since": as_cursor(timezone.now()),
        # Must-reads are official news items (plein.news): the viewer's unconfirmed ones, nearest deadline first.
        "must_read_items": list(pending_must_reads(viewer)[:50]) if feed_filter == FeedFilter.MUST_READ else [],
    }


@require_GET
@login_required
def items(request: HttpRequest) -> HttpResponse:
    """A page of the feed for htmx: the next page ("load more") or the whole first page (the live banner)."""
    if not is_htmx(request):
        return redirect(reverse("home") + ("?" + request.GET.urlencode() if request.GET else ""))
    template = "feed/_page.html" if request.GET.get("before") else "feed/_list.html"
    return render(request, template, feed_context(request))


@require_GET
@login_required
def new_posts(request: HttpRequest) -> JsonResponse:
    """How many posts arrived in the viewer's feed since ``since``, and the banner's text."""
    since = cursor(request.GET.get("since"))
    count = selectors.new_posts_since(request.user, since) if since else 0
    shown = f"{selectors.NEW_COUNT_CAP}+" if count > selectors.NEW_COUNT_CAP else str(count)
    label = ngettext("%(count)s new post — show", "%(count)s new posts — show", count) % {"count": shown}
    return JsonResponse({"count": count, "label": label})


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    """Read marks from the feed's script (posts that scrolled into view); ignores what the viewer cannot see."""
    ids = [value for value in request.POST.getlist("post") if value.isdigit()]
    actions.mark_read(user=request.user, post_ids=[int(value) for value in ids])
    return HttpResponse(status=204)


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(user=user_of(request))
    messages.success(request, _("Everything in your feed is marked as read."))
    return redirect("home")


@require_GET
@login_required
def catch_up(request: HttpRequest) -> HttpResponse:
    """What came in since the last visit, most relevant first."""
    return render(request, "feed/catch_up.html", {"entries": entries(request.user, selectors.catch_up(request.user))})
