from django.urls import path

from plein.people import views_directory

urlpatterns = [
    path("", views_directory.directory, name="directory"),
    path("experts/", views_directory.experts, name="experts"),
    path("nieuw/", views_directory.new_colleagues, name="new"),
]
