from django.urls import path

from plein.people import views_directory

urlpatterns = [
    path("", views_directory.directory, name="directory"),
]
