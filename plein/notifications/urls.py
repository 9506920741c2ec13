from django.urls import path

from plein.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelezen/", views.mark_all_read, name="mark_all_read"),
    path("teller/", views.badge, name="badge"),
    path("instellingen/", views.preferences, name="preferences"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("<int:notification_id>/gelezen/", views.mark_read, name="mark_read"),
]
