"""A person's posts: everything they wrote that the viewer may read, newest first, a page at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.people import permissions as people_permissions
from plein.people import selectors_profile
from plein.stream import selectors
from plein.stream.views_common import is_htmx, stream_page


@require_GET
@login_required
def person_posts(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors_profile.person(user_id=person_id)
    if person is None or not people_permissions.can_view_profile(request.user, person):
        raise Http404
    stream = stream_page(request, selectors.profile_stream(viewer=request.user, person=person))
    if is_htmx(request) and request.headers.get("HX-Target") == "stream-more":
        return render(request, "stream/_stream.html", {"stream": stream})
    return render(request, "stream/person_posts.html", {"person": person, "stream": stream})
