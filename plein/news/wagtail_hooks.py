"""Plein's adjustments to the editorial environment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from wagtail import hooks

from plein.accounts.permissions import is_employee

HIDDEN_SETTINGS = {"users", "groups"}


@hooks.register("construct_settings_menu")
def hide_people_management(request: HttpRequest, menu_items: list[Any]) -> None:
    """People and their roles are managed in Plein (user administration and SSO), not here."""
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_SETTINGS]


@hooks.register("before_serve_document")
def employees_only(document: Any, request: HttpRequest) -> Any:
    """Documents belong to intranet pages: only for colleagues who are logged in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_employee(request.user):
        raise Http404
    return None
