from django.urls import path

from plein.news import views, views_discussion, views_pages

app_name = "news"

urlpatterns = [
    path("nieuws/", views.overview, name="overview"),
    path("nieuws/promoveren/<int:post_id>/", views.promote, name="promote"),
    path("nieuws/<slug:slug>/", views.item, name="item"),
    path("nieuws/<slug:slug>/bevestigen/", views.confirm, name="confirm"),
    path("nieuws/<slug:slug>/opmerking/", views_discussion.comment, name="comment"),
    path("nieuws/<slug:slug>/opmerking/<int:comment_id>/bewerken/", views_discussion.edit_comment, name="comment_edit"),
    path(
        "nieuws/<slug:slug>/opmerking/<int:comment_id>/verwijderen/",
        views_discussion.delete_comment,
        name="comment_delete",
    ),
    path("nieuws/<slug:slug>/reageren/", views_discussion.react, name="react"),
    path("nieuws/<slug:slug>/reacties/", views_discussion.reactors, name="reactors"),
    path("nieuws/<slug:slug>/statistieken/", views.statistics, name="statistics"),
    path("nieuws/<slug:slug>/niet-bevestigd.csv", views.unconfirmed_csv, name="unconfirmed_csv"),
    path("werkprocessen/", views_pages.processes, name="processes"),
    path("werkprocessen/<path:path>/", views_pages.process_page, name="process_page"),
]
