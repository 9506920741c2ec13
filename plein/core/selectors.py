from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from plein.core.models import SiteSettings

SITE_SETTINGS_CACHE_KEY = "plein:site-settings:v1"


def get_site_settings() -> SiteSettings:
    """The organisation's settings, cached; falls back to the environment defaults."""
    cached = cache.get(SITE_SETTINGS_CACHE_KEY)
    if cached is not None:
        return cached
    site = SiteSettings.objects.filter(pk=1).first()
    if site is None:
        site = SiteSettings(pk=1, name=settings.PLEIN_SITE_NAME, primary_colour=settings.PLEIN_PRIMARY_COLOUR)
    cache.set(SITE_SETTINGS_CACHE_KEY, site, 300)
    return site
