from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from plein.accounts.permissions import is_employee

View = Callable[..., HttpResponse]


def employee_required(view: View) -> View:
    """Pages for the organisation's own people; external guests get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_employee(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
