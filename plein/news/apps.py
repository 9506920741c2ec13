from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "plein.news"
    verbose_name = _("News and work processes")

    def ready(self) -> None:
        from plein.news import consumers, search, tasks

        consumers.register()
        search.register()
        tasks.register()
