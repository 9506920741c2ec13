from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from plein.core.events import AUDIENCE_ORG, record_event
from plein.core.models import DeliveryStatus, EventDelivery, SiteSettings
from plein.core.selectors import SITE_SETTINGS_CACHE_KEY

BRANDING_FIELDS = ("name", "logo", "primary_colour", "require_mfa_for_staff")


def update_site_settings(*, actor: Any, site: SiteSettings, changed: list[str]) -> SiteSettings:
    """Save the organisation's settings (already validated) and announce the change."""
    with transaction.atomic():
        site.pk = 1
        site.save()
        record_event(
            kind="site.updated", actor=actor, subject=site, audience=[AUDIENCE_ORG], payload={"changed": changed}
        )
        transaction.on_commit(lambda: cache.delete(SITE_SETTINGS_CACHE_KEY))
    return site


def retry_deliveries(*, delivery_ids: list[int]) -> int:
    """Put failed deliveries back in the queue, due now, with a fresh attempt count."""
    with transaction.atomic():
        return EventDelivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
