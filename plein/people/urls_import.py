from django.urls import path

from plein.people import views_import

urlpatterns = [
    path("import/", views_import.upload, name="import"),
    path("import/toepassen/", views_import.apply, name="import_apply"),
]
