from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "plein.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from plein.core.events import register_consumer
        from plein.people import consumers

        register_consumer("people", consumers.handle, kinds=consumers.KINDS)
