from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from plein.accounts.permissions import must_use_mfa
from plein.accounts.selectors import has_totp
from plein.core.selectors import get_site_settings

Handler = Callable[[HttpRequest], HttpResponse]


class UserLanguageMiddleware:
    """Use the language a signed-in person chose, on every device."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/taal/", "/live/")


class RequireMFAForRolesMiddleware:
    """Send administrators and editors to TOTP set-up when the site requires it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and must_use_mfa(user, policy_on=get_site_settings().require_mfa_for_staff)
            and not has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
