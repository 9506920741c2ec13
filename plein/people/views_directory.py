"""The directory ("Mensen"), find an expert and new colleagues.

The directory answers htmx requests from its own search form with just the
results partial (instant search); every other request, and every request
without JavaScript, gets the whole page at the same, shareable URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from plein.accounts.decorators import employee_required
from plein.core.pagination import paginate
from plein.people import selectors

MAX_QUERY_LENGTH = 100
MAX_FILTER_VALUES = 10


def _ids(params: QueryDict, name: str) -> tuple[int, ...]:
    """The valid, distinct ids given for a filter; anything else is ignored."""
    ids = dict.fromkeys(int(value) for value in params.getlist(name) if value.isdigit() and len(value) < 12)
    return tuple(ids)[:MAX_FILTER_VALUES]


def _is_partial(request: HttpRequest, target: str) -> bool:
    """An htmx request aimed at the results region ``target`` (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == target
        and not request.headers.get("HX-History-Restore-Request")
    )


def _render(request: HttpRequest, template: str, context: dict[str, Any], *, target: str) -> HttpResponse:
    """The page, or for an htmx request aimed at ``target`` only its ``results`` partial."""
    partial = _is_partial(request, target)
    response = render(request, f"{template}#results" if partial else template, {**context, "partial": partial})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@employee_required
def directory(request: HttpRequest) -> HttpResponse:
    filters = selectors.DirectoryFilters(
        query=request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH],
        departments=_ids(request.GET, "afdeling"),
        locations=_ids(request.GET, "locatie"),
        skills=_ids(request.GET, "vaardigheid"),
    )
    search = selectors.DirectorySearch(viewer=request.user, filters=filters)
    facets = search.facets()
    context = {
        "people_query": filters.query,
        "filters": filters,
        "page": search.page(request.GET.get("pagina")),
        "facets": facets,
        "has_facets": any(facet.values or facet.hidden for facet in facets.values()),
        "broad": search.broad and not search.everyone,
        "capped": search.capped,
        "broad_limit": selectors.BROAD,
    }
    return _render(request, "people/directory.html", context, target="people-results")


@login_required
@employee_required
def experts(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("onderwerp", "").strip()[:MAX_QUERY_LENGTH]
    search = selectors.ExpertSearch(viewer=request.user, topic=topic)
    page = search.page(request.GET.get("pagina"))
    suggestions = search.skills if search.too_broad else [] if topic else selectors.popular_skills(viewer=request.user)
    context = {"topic": topic, "page": page, "suggestions": suggestions, "too_broad": search.too_broad}
    return _render(request, "people/experts.html", context, target="experts-results")


@login_required
@employee_required
def new_colleagues(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.recently_joined(viewer=request.user))
    context = {"page": page, "days": selectors.NEW_COLLEAGUE_DAYS}
    return render(request, "people/new_colleagues.html", context)
