from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from plein.core.selectors import get_site_settings


@dataclass(frozen=True)
class _Site:
    """What allauth's e-mails call ``current_site``: the organisation's name and Plein's address."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by administrators, directory sync or invitations, never by self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Without django.contrib.sites allauth would greet with the request's host name.
        site = _Site(name=get_site_settings().name, domain=urlsplit(settings.PLEIN_BASE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})
