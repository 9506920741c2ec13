"""The editorial environment (Wagtail's admin) needs a looser content security policy
than Plein's pages: inline scripts and styles, and previews shown in a frame of the same
site. Only editors use it; every other page keeps the strict, nonce-based policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.csp import CSP  # type: ignore[attr-defined]


def editorial_policy() -> dict[str, list[str]]:
    base: dict[str, list[str]] = settings.SECURE_CSP  # type: ignore[assignment]
    policy = {name: list(values) for name, values in base.items()}
    # Wagtail's admin has a few inline scripts and styles without nonces.
    policy["script-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    policy["style-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    policy["frame-ancestors"] = [CSP.SELF]
    policy["frame-src"] = [CSP.SELF]
    policy["img-src"] = [*policy["img-src"], "blob:"]
    return policy


class EditorialAdminPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + settings.PLEIN_EDITORIAL_PATH
        self.policy = editorial_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response._csp_config = self.policy  # type: ignore[attr-defined]
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
