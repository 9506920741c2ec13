from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from plein.accounts.permissions import must_use_mfa
from plein.accounts.selectors import has_totp
from plein.core.selectors import get_site_settings

Handler = Callable[[HttpRequest], HttpResponse]


class LanguageMiddleware:
    """Pick the interface language: the person's choice, else the cookie, else the site default.

    The browser's Accept-Language is deliberately ignored: the organisation
    works in its own default language (Dutch) unless someone chooses otherwise,
    and that choice follows them to every device.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _choose(request: HttpRequest) -> str:
        supported = {code for code, _name in settings.LANGUAGES}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in supported:
            return str(user.language)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in supported:
            return cookie
        return str(settings.LANGUAGE_CODE)


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
