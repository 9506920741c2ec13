from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts.decorators import employee_required
from plein.people.selectors import new_colleagues


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"new_colleagues": new_colleagues(viewer=request.user, limit=6)})


@login_required
@employee_required
def news(request: HttpRequest) -> HttpResponse:
    return render(request, "home/news.html")


@login_required
def spaces(request: HttpRequest) -> HttpResponse:
    return render(request, "home/spaces.html")
