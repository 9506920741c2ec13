from typing import Any

from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_search_index(*, using: str = "default", **kwargs: Any) -> None:
    """SQLite drops a table's triggers and extra indexes when a migration rebuilds it; put ours back."""
    from plein.people.search import repair_indexes

    repair_indexes(connections[using])


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Sent once per app with models after every migrate; listening for the people app makes it run once.
        people = apps.get_app_config("people")
        post_migrate.connect(_repair_search_index, sender=people, dispatch_uid="plein.search.repair_index")

        from plein.search.consumers import register
        from plein.search.providers import STREAM_PROVIDERS
        from plein.search.registry import register_provider

        for provider in STREAM_PROVIDERS:
            register_provider(provider)
        register()
