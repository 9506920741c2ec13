from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts.decorators import employee_required
from plein.core.pagination import paginate
from plein.people import selectors


@login_required
@employee_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.directory(viewer=request.user, query=query))
    return render(request, "people/directory.html", {"page": page, "query": query})
