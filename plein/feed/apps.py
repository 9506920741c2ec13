from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "plein.feed"
    label = "feed"
    verbose_name = _("Home feed")

    def ready(self) -> None:
        from plein.core.events import register_consumer
        from plein.core.periodic import register_periodic
        from plein.feed import fanout

        register_consumer("feed", fanout.handle, kinds=fanout.KINDS)
        register_periodic("feed.trim_inboxes", fanout.trim_inboxes, every_seconds=3600)
