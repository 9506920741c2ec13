from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.search import actions, filters, selectors
from plein.search.forms import SearchForm


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    found = selectors.site_search(
        viewer=request.user,
        query=form.query,
        tab=form.tab,
        filters=form.content_filters(),
        page_number=form.page,
    )
    if found.nothing_found and form.query and form.page == 1 and not form.content_filters().narrowed:
        actions.record_search_without_results(query=form.query)
    context = {"form": form, "found": found, "query": form.query, **filters.choices(searcher=found.searcher, form=form)}
    return render(request, "search/results.html", context)


@require_GET
@login_required
def quick(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    if len(form.query) < selectors.MIN_QUERY_LENGTH:
        return HttpResponse("")  # the script closes the list
    found = selectors.quick_results(viewer=request.user, query=form.query)
    return render(request, "search/_quick.html", {"quick": found})


@require_POST
@login_required
def found(request: HttpRequest) -> HttpResponse:
    query = SearchForm({"q": request.POST.get("q", "")})
    query.is_valid()
    answer = request.POST.get("gevonden")
    if answer in ("ja", "nee"):
        actions.record_found_answer(query=query.query, found=answer == "ja")
    if request.headers.get("HX-Request"):
        return render(request, "search/_found_thanks.html")
    messages.success(request, _("Thank you for your answer."))
    return redirect(f"{reverse('search:results')}?{urlencode({'q': query.query})}")
