from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plein.accounts.decorators import employee_required
from plein.core.pagination import PAGE_SIZE
from plein.org import selectors

UNITS_PER_PAGE = 50


def counted(items: Any, per_page: int, count: int) -> Paginator:  # type: ignore[type-arg]
    """A paginator told its count (from the headcount aggregate), which saves a COUNT query."""
    paginator = Paginator(items, per_page)
    paginator.count = count
    return paginator


@login_required
@employee_required
def organisation(request: HttpRequest) -> HttpResponse:
    tree = selectors.overview()
    if tree is None:
        raise Http404
    root, branches = tree
    headcount = selectors.headcount(root)
    selectors.with_headcounts([branch.unit for branch in branches], headcount)
    return render(request, "org/organisation.html", {"root": root, "branches": branches, "headcount": headcount})


@login_required
@employee_required
def department(request: HttpRequest, department_id: int) -> HttpResponse:
    unit = selectors.department(department_id)
    if unit is None:
        raise Http404
    headcount = selectors.headcount(unit)
    units = counted(selectors.children(unit), UNITS_PER_PAGE, headcount.child_units)
    units_page = units.get_page(request.GET.get("eenheden"))
    units_page.object_list = selectors.with_headcounts(units_page.object_list, headcount)
    members = counted(selectors.members(unit), PAGE_SIZE, headcount.direct)
    context = {
        "department": unit,
        "ancestors": selectors.ancestors(unit),
        "headcount": headcount,
        "units": units_page,
        "page": members.get_page(request.GET.get("pagina")),
    }
    return render(request, "org/department.html", context)
