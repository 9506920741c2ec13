from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from plein.accounts.decorators import employee_required
from plein.core.pagination import paginate
from plein.org import selectors


@login_required
@employee_required
def organisation(request: HttpRequest) -> HttpResponse:
    root = selectors.root_department()
    if root is None:
        raise Http404
    return redirect(root)


@login_required
@employee_required
def department(request: HttpRequest, department_id: int) -> HttpResponse:
    unit = selectors.department(department_id)
    if unit is None:
        raise Http404
    context = {
        "department": unit,
        "ancestors": selectors.ancestors(unit),
        "children": selectors.children(unit),
        "page": paginate(request, selectors.members(unit)),
    }
    return render(request, "org/department.html", context)
