from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreamConfig(AppConfig):
    name = "plein.stream"
    label = "stream"
    verbose_name = _("Stream")
