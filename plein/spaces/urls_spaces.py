from django.urls import path

from plein.spaces import views_members, views_settings, views_space

urlpatterns = [
    path("", views_space.overview, name="overview"),
    path("nieuw/", views_settings.create, name="create"),
    path("<slug:slug>/", views_space.space, name="space"),
    path("<slug:slug>/over/", views_space.about, name="about"),
    path("<slug:slug>/leden/", views_members.members, name="members"),
    path("<slug:slug>/leden/<int:membership_id>/rol/", views_members.member_role, name="member_role"),
    path("<slug:slug>/leden/<int:membership_id>/verwijderen/", views_members.member_remove, name="member_remove"),
    path("<slug:slug>/aanvragen/", views_members.requests, name="requests"),
    path("<slug:slug>/aanvragen/nieuw/", views_members.request_to_join, name="request"),
    path("<slug:slug>/aanvragen/intrekken/", views_members.withdraw, name="withdraw"),
    path("<slug:slug>/lid-worden/", views_members.join, name="join"),
    path("<slug:slug>/verlaten/", views_members.leave, name="leave"),
    path("<slug:slug>/instellingen/", views_settings.settings, name="settings"),
    path("<slug:slug>/archiveren/", views_settings.archive, name="archive"),
    path("<slug:slug>/herstellen/", views_settings.restore, name="restore"),
    path("<slug:slug>/verwijderen/", views_settings.delete, name="delete"),
]
