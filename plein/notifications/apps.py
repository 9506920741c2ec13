from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "plein.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from plein.core.events import register_consumer
        from plein.notifications import consumers

        register_consumer("notifications", consumers.handle, kinds=consumers.KINDS)
