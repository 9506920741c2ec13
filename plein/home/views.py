from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.feed.actions import record_visit
from plein.feed.views import feed_context
from plein.news.selectors import pending_must_reads
from plein.people.selectors import new_colleagues
from plein.spaces.selectors import my_spaces, suggested_spaces

HOME_SPACES = 6


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The viewer's home feed and overview; a guest's shows only their spaces, nothing of the organisation."""
    viewer = request.user
    record_visit(user=viewer)  # writes at most once per five minutes; rebuilds a returning person's inbox
    spaces = list(my_spaces(viewer)[: HOME_SPACES + 1])
    context = {
        **feed_context(request),
        "my_spaces": spaces[:HOME_SPACES],
        "more_spaces": len(spaces) > HOME_SPACES,
        "suggested_spaces": suggested_spaces(viewer),
        "new_colleagues": new_colleagues(viewer=viewer, limit=6),
        "must_reads": list(pending_must_reads(viewer)[:5]),
    }
    return render(request, "home/home.html", context)
