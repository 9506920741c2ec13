from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "plein.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self) -> None:
        from plein.core.events import register_consumer
        from plein.core.periodic import register_periodic
        from plein.spaces import consumers, tasks

        register_consumer("spaces", consumers.handle, kinds=consumers.KINDS)
        register_periodic("spaces.guest_access", tasks.review_guest_access)
