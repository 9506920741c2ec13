"""Previews of links to Plein's own pages in posts: each kind, only what the viewer may see, a fixed query count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from plein.spaces.models import SpaceRole, SpaceVisibility
from plein.stream.models import Topic
from plein.stream.previews import extract_links, previews_for
from plein.stream.selectors import visible_posts
from plein.stream.views_common import post_cards
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import PostFactory
from tests.stream.factories import fresh as fresh_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def base_url(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    settings.PLEIN_BASE_URL = "https://plein.zuiderveld.nl"


def previews_of(viewer, post):  # type: ignore[no-untyped-def]
    return previews_for(fresh_user(viewer), [post]).get(post.pk, [])


def test_extract_links_relative_absolute_and_markdown() -> None:
    body = (
        "Zie /berichten/12/ en [de ruimte](/ruimtes/wijkteam/), "
        "https://plein.zuiderveld.nl/mensen/7/ of <https://plein.zuiderveld.nl/onderwerpen/wijk/>."
    )
    assert extract_links(body) == [("post", "12"), ("space", "wijkteam"), ("person", "7")]
    assert extract_links(body, limit=10)[-1] == ("topic", "wijk")


def test_extract_links_ignores_other_sites_and_other_pages() -> None:
    body = (
        "https://example.com/berichten/12/ http://example.com/x/ruimtes/a/ "
        "/berichten/nieuw/ /mensen/mij/ /ruimtes/wijkteam/leden/ foo/mensen/3/ /berichten/5/bewerken/"
    )
    assert extract_links(body) == []


def test_extract_links_repeats_counted_once() -> None:
    assert extract_links("/mensen/3/ en /mensen/3/ en /mensen/3/#over") == [("person", "3")]


def test_preview_of_each_kind() -> None:
    viewer = UserFactory()
    author = UserFactory(first_name="Anna", last_name="Auteur")
    space = SpaceFactory(name="Wijkteam", slug="wijkteam", description="Samen in de wijk.")
    target = PostFactory(author=author, space=space, body="Het plan voor de **wijk** & meer")
    person = UserFactory(first_name="Piet", last_name="Persoon", with_profile__function="Wijkagent")
    Topic.objects.create(name="groen", slug="groen")
    post = PostFactory(
        author=viewer,
        body=f"Zie /berichten/{target.pk}/ en /ruimtes/wijkteam/ en https://plein.zuiderveld.nl/mensen/{person.pk}/",
    )
    previews = previews_of(viewer, post)
    assert [p.kind for p in previews] == ["post", "space", "person"]
    post_preview, space_preview, person_preview = previews
    assert post_preview.url == target.get_absolute_url()
    assert post_preview.title == "Het plan voor de wijk & meer"
    assert (post_preview.author, post_preview.space) == ("Anna Auteur", "Wijkteam")
    assert (space_preview.title, space_preview.detail) == ("Wijkteam", "Samen in de wijk.")
    assert (person_preview.title, person_preview.detail) == ("Piet Persoon", "Wijkagent")
    assert person_preview.url == reverse("people:profile", args=[person.pk])
    topic_link = PostFactory(author=viewer, body="Meer bij /onderwerpen/groen/")
    [topic_preview] = previews_of(viewer, topic_link)
    assert (topic_preview.kind, topic_preview.title) == ("topic", "#groen")


def test_no_preview_of_what_the_viewer_cannot_see() -> None:
    viewer = UserFactory()
    secret = SpaceFactory(name="Geheim overleg", slug="geheim", visibility=SpaceVisibility.SECRET)
    closed = SpaceFactory(name="Dicht", slug="dicht", visibility=SpaceVisibility.CLOSED)
    in_closed = PostFactory(space=closed, body="Binnenskamers")
    deleted = PostFactory(body="Weg")
    deleted.deleted_at = deleted.created_at
    deleted.save()
    post = PostFactory(author=viewer, body=f"/ruimtes/geheim/ /berichten/{in_closed.pk}/ /berichten/{deleted.pk}/")
    assert previews_of(viewer, post) == []
    missing = PostFactory(author=viewer, body="/ruimtes/bestaat-niet/ /mensen/999999/ /onderwerpen/niets/")
    assert previews_of(viewer, missing) == []
    # The closed space itself exists for employees, so it gets a preview; its posts do not.
    linking_closed = PostFactory(author=viewer, body="/ruimtes/dicht/")
    assert [p.title for p in previews_of(viewer, linking_closed)] == ["Dicht"]
    # Members see both.
    add_member(secret, viewer)
    add_member(closed, viewer)
    assert {p.title for p in previews_of(viewer, post)} == {"Geheim overleg", "Binnenskamers"}
    assert secret  # used above through its slug


def test_guest_sees_previews_only_within_their_spaces() -> None:
    space = SpaceFactory(slug="samen")
    guest = GuestFactory()
    colleague = UserFactory(first_name="Cor", last_name="Collega")
    outsider = UserFactory()
    add_member(space, guest, role=SpaceRole.GUEST)
    add_member(space, colleague)
    profile_post = PostFactory(author=colleague, body="Op mijn profiel")
    post = PostFactory(
        author=colleague,
        space=space,
        body=f"/mensen/{colleague.pk}/ /mensen/{outsider.pk}/ /ruimtes/samen/",
    )
    previews = previews_of(guest, post)
    assert [(p.kind, p.title) for p in previews] == [("person", "Cor Collega"), ("space", space.name)]
    # Profile streams do not exist for guests.
    linking_profile_post = PostFactory(author=colleague, space=space, body=f"/berichten/{profile_post.pk}/")
    assert previews_of(guest, linking_profile_post) == []


def test_a_post_linking_to_itself_gets_no_preview() -> None:
    post = PostFactory()
    post.body = f"Deel dit: /berichten/{post.pk}/"
    post.save()
    assert previews_of(post.author, post) == []


def test_fixed_queries_for_a_page_of_posts(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    viewer = fresh_user(UserFactory())
    space = SpaceFactory(slug="wijkteam")
    Topic.objects.create(name="wijk", slug="wijk")
    people = UserFactory.create_batch(3)
    targets = PostFactory.create_batch(3, space=space)

    def page(count: int) -> list:  # type: ignore[type-arg]
        for n in range(count):
            PostFactory(
                space=space,
                body=f"/berichten/{targets[n % 3].pk}/ /mensen/{people[n % 3].pk}/ /ruimtes/wijkteam/"
                if n % 2
                else f"/onderwerpen/wijk/ /mensen/{people[n % 3].pk}/",
            )
        return list(visible_posts(viewer).select_related("author", "space").order_by("-id")[:count])

    few = page(2)
    with django_assert_num_queries(4):
        previews_for(viewer, few)
    many = page(20)
    with django_assert_num_queries(4):
        found = previews_for(viewer, many)
    assert sorted(len(previews) for previews in found.values()) == [2] * 10 + [3] * 10


def test_previews_shown_on_the_post_card_and_page() -> None:
    viewer = UserFactory()
    space = SpaceFactory(name="Wijkteam", slug="wijkteam")
    add_member(space, viewer)
    post = PostFactory(author=viewer, space=space, body="Kijk in https://plein.zuiderveld.nl/ruimtes/wijkteam/")
    [card] = post_cards(fresh_user(viewer), [post], comments={})
    assert [p.title for p in card.previews] == ["Wijkteam"]
    client = Client()
    client.force_login(viewer)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "plein-link-preview--space" in html
    secret = SpaceFactory(name="Heel geheim", slug="heel-geheim", visibility=SpaceVisibility.SECRET)
    leak = PostFactory(author=viewer, space=space, body="Zie /ruimtes/heel-geheim/")
    other = UserFactory()
    add_member(space, other)
    client.force_login(other)
    html = client.get(leak.get_absolute_url()).content.decode()
    assert "Heel geheim" not in html and "plein-link-preview" not in html
    assert secret
