from django.urls import path

from plein.stream import views_comments, views_files, views_people, views_posts, views_topics

app_name = "stream"
urlpatterns = [
    path("berichten/nieuw/", views_posts.create, name="create"),
    path("berichten/voorbeeld/", views_posts.preview, name="preview"),
    path("berichten/zoek-vermelding/", views_posts.mention_search, name="mention_search"),
    path("berichten/van/<int:person_id>/", views_people.person_posts, name="person_posts"),
    path("berichten/<int:post_id>/", views_posts.post, name="post"),
    path("berichten/bijlagen/<int:attachment_id>/<str:variant>/", views_files.attachment, name="attachment"),
    path("berichten/<int:post_id>/bewerken/", views_posts.edit, name="edit"),
    path("berichten/<int:post_id>/verwijderen/", views_posts.delete, name="delete"),
    path("berichten/<int:post_id>/herstellen/", views_posts.restore, name="restore"),
    path("berichten/<int:post_id>/definitief-verwijderen/", views_posts.purge, name="purge"),
    path("berichten/<int:post_id>/vastzetten/", views_posts.pin, name="pin"),
    path("berichten/<int:post_id>/mededeling/", views_posts.announce, name="announce"),
    path("berichten/<int:post_id>/reageren/", views_posts.react, name="react"),
    path("berichten/<int:post_id>/reacties/", views_posts.reactors, name="reactors"),
    path("berichten/<int:post_id>/opslaan/", views_posts.bookmark, name="bookmark"),
    path("berichten/<int:post_id>/volgen/", views_posts.follow, name="follow"),
    path("berichten/<int:post_id>/opmerkingen/", views_comments.create, name="comment"),
    path("opmerkingen/<int:comment_id>/bewerken/", views_comments.edit, name="comment_edit"),
    path("opmerkingen/<int:comment_id>/verwijderen/", views_comments.delete, name="comment_delete"),
    path("opmerkingen/<int:comment_id>/herstellen/", views_comments.restore, name="comment_restore"),
    path("opmerkingen/<int:comment_id>/reageren/", views_comments.react, name="comment_react"),
    path("onderwerpen/zoek/", views_topics.search, name="topic_search"),
    path("onderwerpen/<slug:slug>/", views_topics.topic, name="topic"),
    path("onderwerpen/<slug:slug>/volgen/", views_topics.follow, name="topic_follow"),
]
