from django.urls import path

from plein.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:user_id>/", views.profile, name="profile"),
]
