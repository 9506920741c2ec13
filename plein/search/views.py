from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.search import selectors

SPACE_RESULTS = 10


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    spaces = list(selectors.search_spaces(viewer=request.user, query=query)[: SPACE_RESULTS + 1])
    context = {
        "query": query,
        "too_short": 0 < len(query) < selectors.MIN_QUERY_LENGTH,
        "people": selectors.search_people(viewer=request.user, query=query)[:20],
        "spaces": spaces[:SPACE_RESULTS],
        "more_spaces": len(spaces) > SPACE_RESULTS,
        "departments": selectors.search_departments(viewer=request.user, query=query)[:10],
    }
    return render(request, "search/results.html", context)
