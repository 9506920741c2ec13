from django.urls import path

from plein.people import views_profile

urlpatterns = [
    path("<int:user_id>/", views_profile.profile, name="profile"),
]
