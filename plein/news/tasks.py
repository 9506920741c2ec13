"""The worker's scheduled editorial jobs: publishing, must-read reminders, review reminders."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from plein.core.periodic import register_periodic
from plein.news import actions

PUBLISH_LOCK = "plein:news:publish-scheduled"


def publish_scheduled() -> None:
    """Publish pages whose time has come and unpublish expired ones (Wagtail's own command).

    A short cache lock keeps two workers from publishing the same revision twice.
    """
    if not cache.add(PUBLISH_LOCK, "1", timeout=max(30, settings.PLEIN_PUBLISH_SCHEDULED_SECONDS)):
        return
    try:
        call_command("publish_scheduled", stdout=io.StringIO())
    finally:
        cache.delete(PUBLISH_LOCK)


def register() -> None:
    register_periodic(
        "news.publish_scheduled", publish_scheduled, every_seconds=settings.PLEIN_PUBLISH_SCHEDULED_SECONDS
    )
    register_periodic("news.must_read_reminders", actions.send_must_read_reminders, every_seconds=3600)
    register_periodic("news.page_review_reminders", actions.remind_page_owners, every_seconds=3600)
