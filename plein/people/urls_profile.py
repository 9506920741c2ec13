from django.urls import path

from plein.people import views_profile

urlpatterns = [
    path("mij/", views_profile.my_profile, name="me"),
    path("mij/bewerken/", views_profile.edit, name="edit"),
    path("profiel/afdelingen/", views_profile.lookup_departments, name="lookup_departments"),
    path("profiel/collegas/", views_profile.lookup_colleagues, name="lookup_colleagues"),
    path("profiel/vaardigheden/", views_profile.suggest_skills, name="suggest_skills"),
    path("<int:user_id>/", views_profile.profile, name="profile"),
    path("<int:user_id>/bewerken/", views_profile.edit, name="edit_other"),
    path("<int:user_id>/volgen/", views_profile.follow, name="follow"),
    path("<int:user_id>/ontvolgen/", views_profile.unfollow, name="unfollow"),
    path("<int:user_id>/volgers/", views_profile.followers, name="followers"),
    path("<int:user_id>/volgt/", views_profile.following, name="following"),
    path(
        "<int:user_id>/vaardigheden/<int:skill_id>/onderschrijven/",
        views_profile.endorse,
        name="endorse",
    ),
    path(
        "<int:user_id>/vaardigheden/<int:skill_id>/intrekken/",
        views_profile.withdraw_endorsement,
        name="withdraw_endorsement",
    ),
]
