from django.urls import path

from plein.mailer import views

app_name = "mailer"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("opnieuw/", views.retry, name="retry"),
]
