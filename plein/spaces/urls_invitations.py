from django.urls import path

from plein.spaces import views_invitations

urlpatterns = [
    path("gasten/", views_invitations.guests, name="guests"),
    path("uitnodiging/<str:token>/", views_invitations.invitation, name="invitation"),
    path("<slug:slug>/uitnodigen/", views_invitations.invite, name="invite"),
    path(
        "<slug:slug>/uitnodigingen/<int:invitation_id>/intrekken/",
        views_invitations.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "<slug:slug>/leden/<int:membership_id>/verlengen/",
        views_invitations.extend_guest,
        name="extend_guest",
    ),
]
