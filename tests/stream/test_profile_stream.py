"""Profile streams: the composer on one's own profile, posting there, and the page of a person's posts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from plein.spaces.models import SpaceRole, SpaceVisibility
from plein.stream.models import Post
from tests.factories import GuestFactory, UserFactory
from tests.spaces.factories import SpaceFactory, add_member
from tests.stream.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def profile_url(person) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:profile", args=[person.pk])


def posts_url(person) -> str:  # type: ignore[no-untyped-def]
    return reverse("stream:person_posts", args=[person.pk])


def test_composer_only_on_ones_own_profile() -> None:
    person, colleague = UserFactory(), UserFactory()
    own = client_for(person).get(profile_url(person)).content.decode()
    assert 'id="composer-body"' in own
    assert 'name="ruimte" value=""' in own
    other = client_for(colleague).get(profile_url(person)).content.decode()
    assert 'id="composer-body"' not in other


def test_posting_on_ones_profile() -> None:
    person = UserFactory()
    response = client_for(person).post(reverse("stream:create"), {"ruimte": "", "body": "Hallo **allemaal**"})
    post = Post.objects.get()
    assert post.space is None and post.author == person
    assert response.status_code == 302
    assert response["Location"] == f"{profile_url(person)}#post-{post.pk}"
    page = client_for(UserFactory()).get(profile_url(person)).content.decode()
    assert "<strong>allemaal</strong>" in page


def test_refused_post_on_profile_keeps_the_text() -> None:
    person = UserFactory()
    client = client_for(person)
    response = client.post(reverse("stream:create"), {"ruimte": "", "body": "x" * 30_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "x" * 100 in html
    preview = client.post(reverse("stream:create"), {"ruimte": "", "body": "*schets*", "preview": "1"})
    assert "<em>schets</em>" in preview.content.decode()
    assert not Post.objects.exists()


def test_guests_cannot_post_on_a_profile() -> None:
    guest = GuestFactory()
    add_member(SpaceFactory(), guest, role=SpaceRole.GUEST)
    response = client_for(guest).post(reverse("stream:create"), {"ruimte": "", "body": "Hallo"})
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_person_posts_lists_only_what_the_viewer_may_read() -> None:
    author, viewer = UserFactory(), UserFactory()
    secret = SpaceFactory(name="Geheim", visibility=SpaceVisibility.SECRET)
    open_space = SpaceFactory(name="Open")
    add_member(secret, author)
    hidden = PostFactory(author=author, space=secret, body="Geheim bericht")
    shown = PostFactory(author=author, space=open_space, body="Open bericht")
    on_profile = PostFactory(author=author, body="Profielbericht")
    PostFactory(body="Van iemand anders")
    html = client_for(viewer).get(posts_url(author)).content.decode()
    assert f'id="post-{shown.pk}"' in html and f'id="post-{on_profile.pk}"' in html
    assert f'id="post-{hidden.pk}"' not in html and "Geheim" not in html
    assert "Van iemand anders" not in html
    add_member(secret, viewer)
    assert f'id="post-{hidden.pk}"' in client_for(viewer).get(posts_url(author)).content.decode()


def test_guest_sees_only_posts_in_shared_spaces() -> None:
    author, guest = UserFactory(), GuestFactory()
    space = SpaceFactory()
    add_member(space, author)
    add_member(space, guest, role=SpaceRole.GUEST)
    in_space = PostFactory(author=author, space=space)
    on_profile = PostFactory(author=author)
    html = client_for(guest).get(posts_url(author)).content.decode()
    assert f'id="post-{in_space.pk}"' in html and f'id="post-{on_profile.pk}"' not in html
    assert client_for(guest).get(posts_url(UserFactory())).status_code == 404


def test_person_posts_is_paginated(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    author, viewer = UserFactory(), UserFactory()
    posts = PostFactory.create_batch(23, author=author)
    client = client_for(viewer)
    client.get(posts_url(author))  # warm up the session and caches
    with django_assert_max_num_queries(20):
        first = client.get(posts_url(author)).content.decode()
    assert first.count('<article class="plein-post') == 20
    assert "pagina=2" in first
    assert f'id="post-{posts[-1].pk}"' in first and f'id="post-{posts[0].pk}"' not in first
    more = client.get(posts_url(author), {"pagina": 2}, headers={"HX-Request": "true", "HX-Target": "stream-more"})
    html = more.content.decode()
    assert "<html" not in html and html.count('<article class="plein-post') == 3
    assert f'id="post-{posts[0].pk}"' in html


def test_profile_links_to_all_posts() -> None:
    author = UserFactory()
    PostFactory(author=author)
    html = client_for(UserFactory()).get(profile_url(author)).content.decode()
    assert posts_url(author) in html
