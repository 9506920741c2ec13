from django.urls import path

from plein.search import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="results"),
    path("snel/", views.quick, name="quick"),
    path("gevonden/", views.found, name="found"),
]
