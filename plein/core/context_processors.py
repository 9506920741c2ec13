from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from plein.core.selectors import get_site_settings


def site(request: HttpRequest) -> dict[str, Any]:
    return {"organisation": get_site_settings(), "live_url": settings.PLEIN_LIVE_URL}
