"""People URLs; each area keeps its own list so the pieces stay small."""

from plein.people import urls_directory, urls_import, urls_profile

app_name = "people"
urlpatterns = [*urls_directory.urlpatterns, *urls_profile.urlpatterns, *urls_import.urlpatterns]
