from django.urls import path

from plein.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
