from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailerConfig(AppConfig):
    name = "plein.mailer"
    label = "mailer"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        from plein.core.periodic import register_periodic
        from plein.mailer.actions import forget_sent_messages

        register_periodic("mailer.forget_sent", forget_sent_messages, every_seconds=3600)
