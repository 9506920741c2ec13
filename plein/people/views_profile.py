from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts.decorators import employee_required
from plein.org.selectors import ancestors
from plein.people import selectors


@login_required
@employee_required
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    person = selectors.person(viewer=request.user, user_id=user_id)
    if person is None:
        raise Http404
    department = person.profile.department
    chain = [*ancestors(department), department] if department else []
    return render(request, "people/profile.html", {"person": person, "department_chain": chain})
