"""Spaces URLs; each area keeps its own list so the pieces stay small."""

from plein.spaces import urls_invitations, urls_spaces

app_name = "spaces"
urlpatterns = [*urls_invitations.urlpatterns, *urls_spaces.urlpatterns]
