"""The site's routes with the outbox page, until plein/urls.py includes plein.mailer.urls itself."""

from django.urls import include, path

from plein.urls import urlpatterns as site_urlpatterns

if any(getattr(p, "namespace", None) == "mailer" for p in site_urlpatterns):
    urlpatterns = list(site_urlpatterns)
else:
    urlpatterns = [path("beheer/e-mail/", include("plein.mailer.urls")), *site_urlpatterns]
