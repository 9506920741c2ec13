from django.urls import path

from plein.feed import views

app_name = "feed"
urlpatterns = [
    path("", views.items, name="items"),
    path("nieuw/", views.new_posts, name="new"),
    path("gelezen/", views.mark_read, name="mark_read"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("bijpraten/", views.catch_up, name="catch_up"),
]
