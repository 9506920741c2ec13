from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as static_serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from plein.accounts import views as account_views
from plein.core import views as core_views
from plein.news import views as news_views

urlpatterns = [
    path("", include("plein.home.urls")),
    path("mensen/", include("plein.people.urls")),
    path("organisatie/", include("plein.org.urls")),
    path("ruimtes/", include("plein.spaces.urls")),
    path("", include("plein.stream.urls")),
    path("", include("plein.news.urls")),
    path("feed/", include("plein.feed.urls")),
    path("zoeken/", include("plein.search.urls")),
    path("hulp/", include("plein.help.urls")),
    path("meldingen/", include("plein.notifications.urls")),
    path("instellingen/", account_views.settings_page, name="settings"),
    path("taal/", account_views.change_language, name="change_language"),
    path("accounts/", include("allauth.urls")),
    path("beheer/e-mail/", include("plein.mailer.urls")),
    path("beheer/", admin.site.urls),
    path(settings.PLEIN_EDITORIAL_PATH, include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon),
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    # Media on local disk is served by Plein itself; a front proxy may take this over.
    urlpatterns.append(
        # Images and files of posts are not public: plein.stream.views_files checks who may see them.
        re_path(r"^media/(?!posts/)(?P<path>.*)$", static_serve, {"document_root": settings.MEDIA_ROOT}, name="media")
    )

# Last: Wagtail makes page addresses by reversing this name; Plein's own views above serve them.
urlpatterns.append(re_path(r"^((?:[\w\-]+/)*)$", news_views.not_served, name="wagtail_serve"))

handler400 = "plein.core.views.bad_request"
handler403 = "plein.core.views.permission_denied"
handler404 = "plein.core.views.page_not_found"
handler500 = "plein.core.views.server_error"
