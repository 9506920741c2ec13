from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from plein.accounts.permissions import is_employee

View = Callable[..., HttpResponse]


def employee_required(view: View) -> View:
    """Pages for the organisation's own people.

    An external guest gets 404, not 403: a guest guessing addresses learns
    nothing, not even that the page exists. Someone not logged in is sent to
    the log-in page.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_employee(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
