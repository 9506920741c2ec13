from __future__ import annotations

from typing import Any

from django.urls import reverse

from plein.news.models import NewsItem
from tests.stream.factories import PostFactory


def test_an_editor_promotes_a_post_to_a_draft_news_item(org: Any, client: Any) -> None:
    post = PostFactory(
        author=org.in_team,
        space=None,
        body="Onze wijkteams zijn verhuisd\n\nVanaf maandag zitten we in het nieuwe pand.",
    )
    client.force_login(org.in_other)
    assert client.post(reverse("news:promote", args=[post.pk])).status_code == 404
    client.force_login(org.editor)
    response = client.post(reverse("news:promote", args=[post.pk]))
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[item.pk])
    assert not item.live and item.title == "Onze wijkteams zijn verhuisd"
    assert item.author == org.in_team and item.promoted_from == post and item.owner == org.editor
    assert "nieuwe pand" in item.lead
    assert item.latest_revision is not None


def test_the_post_menu_offers_editors_to_make_a_news_item(org: Any, client: Any) -> None:
    post = PostFactory(author=org.in_team, space=None, body="Nieuws uit de wijk")
    promote = reverse("news:promote", args=[post.pk])
    client.force_login(org.in_other)
    assert promote not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(org.editor)
    assert promote in client.get(post.get_absolute_url()).content.decode()
