"""The spaces overview, a space's home page and its about page, and what every spaces view shares.

Every view finds the space with :func:`selectors.space_for`, so a space the
viewer may not see answers 404; an action the viewer may not take on a space
they do see answers 403. The overview and the members list answer an htmx
request from their own search form with just the results partial; without
JavaScript the same URL gives the whole page.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from plein.accounts.models import User
from plein.accounts.permissions import is_employee
from plein.core.pagination import paginate
from plein.spaces import permissions, selectors
from plein.spaces.models import Space, SpaceKind
from plein.stream.views_common import space_stream


def user_of(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind ``login_required``)."""
    return cast(User, request.user)


def space_of(request: HttpRequest, slug: str) -> Space:
    """The space at ``slug`` if the viewer may see it; 404 otherwise."""
    return selectors.space_for(request.user, slug)


def page_context(request: HttpRequest, space: Space, tab: str | None, **extra: Any) -> dict[str, Any]:
    """What the space's header and tabs need, plus ``extra``."""
    header = selectors.space_header(viewer=request.user, space=space)
    return {"space": space, "header": header, "tab": tab, **extra}


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Back to the page named in the form's ``next`` (on this site), else to ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def is_partial(request: HttpRequest, target: str) -> bool:
    """An htmx request aimed at the results region ``target`` (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Target") == target
        and not request.headers.get("HX-History-Restore-Request")
    )


def render_results(request: HttpRequest, template: str, context: dict[str, Any], *, partial: bool) -> HttpResponse:
    """The page, or for an htmx search only its ``results`` partial."""
    response = render(request, f"{template}#results" if partial else template, {**context, "partial": partial})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


SORTS = (("activity", _("Recently active")), ("name", _("Name")), ("members", _("Most members")))


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    filters = selectors.SpaceFilters.from_query(request.GET)
    page = paginate(request, selectors.space_overview(viewer=viewer, filters=filters))
    partial = is_partial(request, "space-results")
    context = {
        "filters": filters,
        "page": page,
        "cards": selectors.space_cards(viewer=viewer, spaces=page.object_list),
        "employee": is_employee(viewer),
        "can_create": permissions.can_create_space(viewer),
        "can_see_guests": permissions.can_see_guest_list(viewer),
    }
    if not partial:
        context["kinds"] = SpaceKind.choices
        context["departments"] = [
            (department.pk, department.name)
            for department in selectors.overview_departments(viewer, archived=filters.archived)
        ]
        context["sorts"] = SORTS
        context["suggested"] = [] if filters.archived else selectors.suggested_spaces(viewer)
    return render_results(request, "spaces/overview.html", context, partial=partial)


@require_GET
@login_required
def space(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    stream = space_stream(request, space) if permissions.can_read_space(request.user, space) else None
    if stream is not None and is_partial(request, "stream-more"):
        return render(request, "stream/_stream.html", {"stream": stream})
    context = page_context(request, space, "stream", first_members=selectors.first_members(space), stream=stream)
    return render(request, "spaces/space.html", context)


@require_GET
@login_required
def about(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_of(request, slug)
    creator = space.created_by if space.created_by_id else None
    context = page_context(request, space, "about", leaders=selectors.leaders(space), creator=creator)
    return render(request, "spaces/about.html", context)
