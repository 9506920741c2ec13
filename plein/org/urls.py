from django.urls import path

from plein.org import views

app_name = "org"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("<int:department_id>/", views.department, name="department"),
]
