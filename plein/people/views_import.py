"""The admin page for importing people: upload a CSV, read the dry-run report, apply it.

Between the two steps the file is kept in the administrator's own session
(compressed), keyed by its SHA-256: the confirmation names that hash, so what
is applied is exactly the file that was previewed, nobody else can apply it,
and nothing with personal data is left on disk or in public media storage.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.accounts.permissions import is_admin
from plein.people.forms_import import ImportConfirmForm, ImportUploadForm
from plein.people.import_actions import import_people
from plein.people.importer import ImportFileError

SESSION_KEY = "people_import"
TEMPLATE = "people/import.html"


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@admin_required
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    data, deactivate = form.cleaned_data["data"], form.cleaned_data["deactivate_missing"]
    result = import_people(data=data, actor=request.user, dry_run=True, deactivate_missing=deactivate)
    token = _keep(request.session, data, name=form.cleaned_data["file"].name)
    confirm = ImportConfirmForm(initial={"token": token, "deactivate_missing": deactivate})
    return render(request, TEMPLATE, {"result": result, "confirm": confirm})


@require_POST
@admin_required
def apply(request: HttpRequest) -> HttpResponse:
    confirm = ImportConfirmForm(request.POST)
    kept = _kept(request.session, confirm.cleaned_data["token"]) if confirm.is_valid() else None
    if kept is None:
        messages.error(request, _("The uploaded file is no longer available. Please upload it again."))
        return redirect("people:import")
    data, name = kept
    options = {k: confirm.cleaned_data[k] for k in ("deactivate_missing", "allow_mass_deactivation")}
    try:
        result = import_people(data=data, actor=request.user, source=name, **options)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("people:import")
    if result.applied:
        request.session.pop(SESSION_KEY, None)
    return render(request, TEMPLATE, {"result": result, "confirm": None if result.applied else confirm})


def _keep(session: SessionBase, data: bytes, *, name: str) -> str:
    token = hashlib.sha256(data).hexdigest()
    packed = base64.b64encode(zlib.compress(data)).decode("ascii")
    session[SESSION_KEY] = {"token": token, "name": name[:200], "data": packed}
    return token


def _kept(session: SessionBase, token: str) -> tuple[bytes, str] | None:
    kept = session.get(SESSION_KEY)
    if not kept or kept.get("token") != token:
        return None
    return zlib.decompress(base64.b64decode(kept["data"])), kept["name"]
