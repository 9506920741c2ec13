from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from plein.help.pages import help_index, help_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"pages": help_index(translation.get_language())})


@login_required
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = help_page(slug, translation.get_language())
    if found is None:
        raise Http404
    return render(request, "help/page.html", {"page": found})
